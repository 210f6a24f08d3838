/**
 * Registers the site's service worker (web/src/sw/sw.ts) once the page has loaded, so that the site
 * opens with no connection next time and can show push notifications. Where a browser has none
 * (or the page is not on https: or localhost), the site simply works online only.
 *
 * The browser's own call, not vite-plugin-pwa's registerSW: that adds workbox-window (2.3 KB gzipped
 * on the first load) for update prompts this site does not make. A new version takes over by itself
 * (skipWaiting, clientsClaim) and never reloads an open page: a half-written note would be lost.
 */
export const registerServiceWorker = (): void => {
  if (!('serviceWorker' in navigator)) return;
  // Not before the load event, so that the first visit's own files come first.
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
};
