/// <reference lib="webworker" />
// The site's service worker (issue 25), built by vite-plugin-pwa (injectManifest): it keeps the app
// shell (the built files) so that the site opens with no connection, keeps the last /config.json, and
// shows web push notifications. It never caches an API answer: the patient's own plan and crisis plan
// are kept by the page, for the signed-in session only (web/src/offline.ts), and staff data never.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { notificationOf, sameOriginPage } from './push-message';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// A new version takes over at once: hashed files of the old one stay on the server (and CloudFront), so
// a page still open keeps working until it next loads.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Which boroughs the site signs in to: from the network when there is one, else the copy last fetched.
// Fetched once at install too: the page that installed the worker fetched it before the worker ran.
const SITE_CONFIG = 'site-config';
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === '/config.json', new NetworkFirst({ cacheName: SITE_CONFIG, networkTimeoutSeconds: 5 }));
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SITE_CONFIG)
      .then((cache) => cache.add('/config.json'))
      .catch(() => undefined), // offline at install: the first load online keeps it
  );
});

self.addEventListener('push', (event) => {
  const shown = notificationOf(event.data?.text());
  event.waitUntil(
    self.registration.showNotification(shown.title, { body: shown.body, icon: '/icons/nhsuk-icon-192.png', badge: '/icons/nhsuk-icon-192.png', data: { url: shown.url }, lang: 'en-GB' }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const url = sameOriginPage(typeof data === 'object' && data !== null && 'url' in data && typeof data.url === 'string' ? data.url : '/', self.location.origin);
  event.waitUntil(
    (async () => {
      // The site open already (a tab, or the installed app): bring it forward on the page; else open it.
      // Only a window the worker controls can be navigated; any other gets a new one.
      const open = await self.clients.matchAll({ type: 'window' });
      const client = open.find((c) => new URL(c.url).origin === self.location.origin);
      if (client) {
        await client.focus();
        await client.navigate(url);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
