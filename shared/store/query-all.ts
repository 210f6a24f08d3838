import { paginateQuery, paginateScan, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';

type Item = Record<string, unknown>;

/** Every item a Query returns, page after page (the SDK's paginator). For bounded item sets only. */
export const queryAll = async (store: Store, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> => {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: store.doc }, { TableName: store.tableName, ...input })) items.push(...(page.Items ?? []));
  return items;
};

/** Every item a Scan returns. Offline tools only: no request path scans (design decision 4). */
export const scanAll = async (store: Store, input: Omit<ScanCommandInput, 'TableName'>): Promise<Item[]> => {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: store.doc }, { TableName: store.tableName, ...input })) items.push(...(page.Items ?? []));
  return items;
};
