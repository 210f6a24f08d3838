import { createReadStream, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Store } from '../../shared/runtime/deps';
import { batchWriteAll } from '../../shared/store/batch-write';

type Item = Record<string, AttributeValue>;

/**
 * DynamoDB JSON as an export to S3 writes it (DYNAMODB_JSON): one `{"Item":{...}}` a line, binary
 * values in base64. Only the local drill writes and reads these files; in AWS, AWS Backup does.
 */
export const exportLine = (item: Item): string => JSON.stringify({ Item: item }, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));

/** The item of one export line (binary values back from base64). Throws, naming the line, on anything else. */
export const itemOfExportLine = (line: string, lineNumber: number): Item => {
  let parsed: { Item?: unknown };
  try {
    parsed = JSON.parse(line) as { Item?: unknown };
  } catch {
    throw new Error(`line ${lineNumber} of the export is not JSON`);
  }
  if (!parsed.Item || typeof parsed.Item !== 'object') throw new Error(`line ${lineNumber} of the export has no "Item"`);
  return fromBase64Binaries(parsed.Item as Item);
};

const fromBase64Binaries = (item: Item): Item => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, binaryBack(value)]));

const binaryBack = (value: AttributeValue): AttributeValue => {
  if (value.B !== undefined) return { B: Buffer.from(value.B as unknown as string, 'base64') };
  if (value.BS !== undefined) return { BS: (value.BS as unknown as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (value.M !== undefined) return { M: fromBase64Binaries(value.M) };
  if (value.L !== undefined) return { L: value.L.map(binaryBack) };
  return value;
};

/**
 * Writes every item of a table to `file` in DynamoDB's export format, page by page (a Scan: an
 * offline tool, never a request path). Returns the number of items.
 */
export const exportTable = async (store: Store, file: string): Promise<number> => {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w', 0o600);
  let items = 0;
  try {
    for await (const page of paginateScan({ client: store.client }, { TableName: store.tableName })) {
      const lines = (page.Items ?? []).map(exportLine);
      if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
      items += lines.length;
    }
  } finally {
    closeSync(fd);
  }
  return items;
};

/** How many items are written at a time while importing, to keep memory flat on a large export. */
const IMPORT_CHUNK = 1000;

/**
 * Puts every item of an export file into a table (which must exist). Numbers stay exactly as
 * exported (wrapped, not turned into JavaScript numbers). Returns the number of items.
 */
export const importTable = async (store: Store, file: string): Promise<number> => {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let chunk: Record<string, unknown>[] = [];
  let items = 0;
  let lineNumber = 0;
  const flush = async () => {
    await batchWriteAll(
      store,
      chunk.map((Item) => ({ PutRequest: { Item } })),
    );
    items += chunk.length;
    chunk = [];
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    chunk.push(unmarshall(itemOfExportLine(line, lineNumber), { wrapNumbers: true }));
    if (chunk.length >= IMPORT_CHUNK) await flush();
  }
  await flush();
  return items;
};
