import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the site's service worker (web/src/sw/sw.ts) once the page has loaded, so that the site
 * opens with no connection next time and can show push notifications. Where a browser has none
 * (or the page is not on https: or localhost), the site simply works online only.
 */
export const registerServiceWorker = (): void => {
  if (!('serviceWorker' in navigator)) return;
  // Not before the load event, so that the first visit's own files come first; `immediate`, because
  // registerSW's own wait for the load event misses it when its module loads after the event.
  // A new version takes over without reloading an open page (a half-written note would be lost): the
  // page's files stay on the server, and the next load is the new version.
  const register = () => void registerSW({ immediate: true, onNeedReload: () => undefined });
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
};
