import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import { boroughPartition } from './keys';

/** One strongly consistent read of a fixed key: proves the table answers, reads nobody's data. */
export const probeTable = async (store: Store, borough: string): Promise<void> => {
  await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: boroughPartition(borough, 'HEALTH'), sk: 'HEALTH' }, ConsistentRead: true }));
};
