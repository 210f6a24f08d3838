import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';

type Item = Record<string, unknown>;

/**
 * One page of a time-ordered collection in a partition, newest first. `before` is the sort key of
 * the last item of the previous page: items added meanwhile sort after it, so pages never shift.
 */
export const newestFirst = async (store: Store, page: { pk: string; prefix: string; before?: string; limit: number }): Promise<{ items: Item[]; more: boolean }> => {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: page.before === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :before',
      ExpressionAttributeValues: { ':pk': page.pk, ':prefix': page.prefix, ...(page.before === undefined ? {} : { ':before': page.before }) },
      ScanIndexForward: false,
      ConsistentRead: true,
      // BETWEEN includes `before` itself: ask for one more and drop it.
      Limit: page.limit + (page.before === undefined ? 1 : 2),
    }),
  );
  const items = (result.Items ?? []).filter((i) => i.sk !== page.before);
  return { items: items.slice(0, page.limit), more: items.length > page.limit };
};
