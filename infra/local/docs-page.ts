import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { webSecurityHeaders } from '../web/security-headers';
import { readOnly, type LocalAnswer } from './local-answer';

const swaggerDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);

// A file, not inline: the page's policy (script-src 'self') runs no inline script.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: document.getElementById('swagger-ui').dataset.openapi, dom_id: '#swagger-ui', persistAuthorization: true });\n`;

/** A readable page for a borough's OpenAPI document (Swagger UI from the swagger-ui-dist package). */
export const docsPage = (borough: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recovery platform API: ${borough}</title>
<link rel="stylesheet" href="/_docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="/${borough}/openapi.json"></div>
<script src="/_docs/swagger-ui-bundle.js"></script>
<script src="/_docs/docs-init.js"></script>
</body>
</html>`;

const asset = async (name: string): Promise<LocalAnswer> => ({
  status: 200,
  headers: { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript', 'cache-control': 'max-age=3600', ...webSecurityHeaders() },
  body: name === 'docs-init.js' ? INIT_SCRIPT : await readFile(join(swaggerDir(), name)),
});

/**
 * The API docs of the local platform: `/<borough>/docs` and its files under `/_docs/`, with the same
 * security headers as the web front end. Undefined: not a docs path.
 */
export const answerDocs = (isBorough: (id: string) => boolean, method: string, path: string): Promise<LocalAnswer> | undefined => {
  const [, first = '', second = '', ...more] = path.split('/');
  if (more.length > 0) return undefined;
  if (first === '_docs' && (SWAGGER_ASSETS.has(second) || second === 'docs-init.js')) return readOnly(method, () => asset(second));
  if (second === 'docs' && isBorough(first)) {
    return readOnly(method, () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...webSecurityHeaders() }, body: docsPage(first) }));
  }
  return undefined;
};
