// `npx tsx scripts/openapi.ts`: writes the API document, generated from the route tables and their zod
// schemas, to functions/boroughs/openapi.json, which the boroughs function serves (read on the first
// request, never built at cold start). test/unit/api-document.test.ts fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { API_DOCUMENT_FILE } from '../functions/boroughs/api-document';
import { SERVICES } from '../functions/services';
import { openApiDocument } from '../shared/http/openapi';

/** The document as the file holds it; each borough's function puts its own title and version in. */
export const apiDocumentText = (): string => `${JSON.stringify(openApiDocument(SERVICES, { title: 'Recovery platform', version: 'build' }), null, 2)}\n`;

if (require.main === module) {
  writeFileSync(API_DOCUMENT_FILE, apiDocumentText());
  process.stdout.write(`wrote ${API_DOCUMENT_FILE}\n`);
}
