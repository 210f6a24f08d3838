import { join } from 'node:path';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = import.meta.dirname;
const nhsukAssets = join(root, '..', 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk', 'assets', 'images');

/** The single-page app (issue 10): built to web/dist, served by `npm start` and, in AWS, from S3 + CloudFront. */
export default defineConfig({
  root,
  base: '/',
  // nhsuk-frontend's CSS is minified by Sass itself (web/src/nhsuk.scss), and lightningcss's minifier rejects some of it.
  // No bundler timing report: on a busy machine the service worker's build step alone trips it, and it says nothing about the site.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', cssMinify: false, rolldownOptions: { checks: { bundlerTimings: false } } },
  css: { preprocessorOptions: { scss: { style: 'compressed' } } },
  resolve: {
    // nhsuk-frontend's CSS names its icons as /assets/images/...: resolved from the package at build
    // time, they are bundled like any other asset (small ones inlined) instead of left to chance.
    alias: [{ find: /^\/assets\/images\//, replacement: `${nhsukAssets}/` }],
  },
  server: { fs: { allow: [join(root, '..')] } },
  plugins: [
    // Installable, and the app shell works with no connection (issue 25): a web app manifest, and a
    // service worker of our own (web/src/sw/sw.ts: Workbox precaching, push) given the list of the
    // built files to precache. Patient data is never in its caches (docs/offline.md).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // Registered by the page itself (web/src/service-worker.ts), after it has shown what it came for.
      injectRegister: false,
      // A classic script (iife), as registerSW registers it; the ES format's build only adds a deprecation warning under Vite 8.
      injectManifest: { globPatterns: ['**/*.{html,js,css,svg,png,woff2}'], globIgnores: ['screenshots/**'], rollupFormat: 'iife' },
      manifest: {
        id: '/',
        name: 'My recovery plan',
        short_name: 'Recovery plan',
        description: 'Your recovery plan, crisis plan and care team, from the NHS in North East London.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // NHS blue, and the NHS grey behind the page.
        theme_color: '#005eb8',
        background_color: '#f0f4f5',
        icons: [
          { src: '/icons/nhsuk-icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/nhsuk-icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        ],
      },
    }),
  ],
});
