// fontkit reads WOFF2 fonts with brotli (475 KB of a bundle); the functions print only TTF fonts
// (functions/plans/pdf/fonts.ts), so the bundles alias brotli to this, which says so if ever called.
module.exports = function decompress() {
  throw new Error('brotli is not bundled: only TTF fonts are supported (infra/bundling/no-brotli)');
};
