import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const nhsukAssets = join(root, '..', 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk', 'assets', 'images');

/** The single-page app (issue 10): built to web/dist, served by `npm start` and, in AWS, from S3 + CloudFront. */
export default defineConfig({
  root,
  base: '/',
  // nhsuk-frontend's CSS is minified already, and lightningcss's minifier rejects some of it.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', cssMinify: false },
  resolve: {
    // nhsuk-frontend's CSS names its icons as /assets/images/...: resolved from the package at build
    // time, they are bundled like any other asset (small ones inlined) instead of left to chance.
    alias: [{ find: /^\/assets\/images\//, replacement: `${nhsukAssets}/` }],
  },
  server: { fs: { allow: [join(root, '..')] } },
  plugins: [
    {
      name: 'nhsuk-favicon',
      // index.html links /favicon.svg; nhsuk-frontend's is copied, not committed.
      writeBundle(options) {
        cpSync(join(nhsukAssets, 'favicon.svg'), join(options.dir ?? join(root, 'dist'), 'favicon.svg'));
      },
    },
  ],
});
