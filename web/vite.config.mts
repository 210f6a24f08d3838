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
  server: { fs: { allow: [join(root, '..')] } },
  plugins: [
    {
      name: 'nhsuk-assets',
      // nhsuk-frontend's CSS refers to /assets/images/...; its icons and favicon are copied, not committed.
      writeBundle(options) {
        const out = options.dir ?? join(root, 'dist');
        cpSync(nhsukAssets, join(out, 'assets', 'images'), { recursive: true });
        cpSync(join(nhsukAssets, 'favicon.svg'), join(out, 'favicon.svg'));
      },
    },
  ],
});
