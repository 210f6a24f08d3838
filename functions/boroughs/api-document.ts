import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

type JsonObject = Record<string, unknown>;

/**
 * The API document, generated from the route tables at build time (`npx tsx scripts/openapi.ts`) and
 * copied beside the bundle (infra/constructs/service-function.ts), so that no function builds it, nor
 * bundles the other services' routes and the JSON Schema generator, at cold start.
 */
export const API_DOCUMENT_FILE = join(__dirname, 'openapi.json');

let built: Promise<JsonObject> | undefined;

/**
 * The API document with this borough's title and version, read on the first request for it.
 * @example await apiDocument({ title: 'Recovery platform: City and Hackney', version: '1.0.0' })
 */
export const apiDocument = async (info: { title: string; version: string }): Promise<JsonObject> => {
  built ??= readFile(API_DOCUMENT_FILE, 'utf8').then((text) => JSON.parse(text) as JsonObject);
  // A failed read is tried again by the next request, not remembered.
  const document = await built.catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return { ...document, info: { ...(document.info as JsonObject), ...info } };
};
