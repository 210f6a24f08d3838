import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';

/** One item of a DynamoDB transaction (Put, Update, Delete or ConditionCheck), as repositories build them. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Sends one all-or-nothing transaction. Only the store talks to DynamoDB: the record door and the
 * services hand their planned items here.
 * @example await transactWrite(store, [putGrantItem(store, borough, grant, now), outboxItem])
 */
export const transactWrite = async (store: Store, items: readonly TransactItem[]): Promise<void> => {
  await store.doc.send(new TransactWriteCommand({ TransactItems: [...items] }));
};
