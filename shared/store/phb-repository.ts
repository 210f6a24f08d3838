import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { emptyBudget, type Budget, type PhbRequest } from '../domain/phb';
import type { Store } from '../runtime/deps';
import { patientPartition, phbLookupKey, phbQueueKey, SK, type ItemKey } from './keys';
import { queryAll } from './query-all';
import type { TransactItem } from './transact';
import { indexKeys, indexQuery, WORK_QUEUE_INDEX, withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

export const budgetKey = (borough: string, patientId: string, fy: number): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `${SK.budgetPrefix}${fy}` });

export const fromBudgetItem = (patientId: string, fy: number, item: Item | undefined): Budget => {
  if (!item) return emptyBudget(patientId, fy);
  return withoutKeys(item) as unknown as Budget;
};

/** Sets the allocation over the version read; remaining follows (it can never drop below zero here). */
export const putBudgetItem = (store: Store, borough: string, next: Budget, fromVersion: number): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...budgetKey(borough, next.patientId, next.financialYear), entity: 'budget', ...next },
    ConditionExpression: fromVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
    ...(fromVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': fromVersion } }),
  },
});

/**
 * Moves money between the budget's columns in one conditional update. Committing is guarded by
 * `remainingPence >= amount`: whatever runs at the same time, the budget never goes below zero.
 */
export const budgetMove = (store: Store, borough: string, patientId: string, fy: number, move: 'commit' | 'release', amount: number): TransactItem => {
  const expressions = {
    commit: { update: 'SET committedPence = committedPence + :a, remainingPence = remainingPence - :a ADD version :one', condition: 'remainingPence >= :a' },
    release: { update: 'SET committedPence = committedPence - :a, remainingPence = remainingPence + :a ADD version :one', condition: 'committedPence >= :a' },
  }[move];
  return {
    Update: {
      TableName: store.tableName,
      Key: budgetKey(borough, patientId, fy),
      UpdateExpression: expressions.update,
      ConditionExpression: `attribute_exists(pk) AND ${expressions.condition}`,
      ExpressionAttributeValues: { ':a': amount, ':one': 1 },
    },
  };
};

/**
 * An order settles an approval: the approved amount leaves `committed`, what it really cost goes to
 * `spent`, and the difference back to `remaining`, in one conditional update (the commitment must be there).
 */
export const budgetSettle = (store: Store, borough: string, patientId: string, fy: number, approvedPence: number, actualPence: number): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: budgetKey(borough, patientId, fy),
    UpdateExpression: 'SET committedPence = committedPence - :approved, spentPence = spentPence + :actual, remainingPence = remainingPence + :back ADD version :one',
    ConditionExpression: 'attribute_exists(pk) AND committedPence >= :approved',
    ExpressionAttributeValues: { ':approved': approvedPence, ':actual': actualPence, ':back': approvedPence - actualPence, ':one': 1 },
  },
});

export const requestKey = (borough: string, request: Pick<PhbRequest, 'patientId' | 'submittedAt' | 'requestId'>): ItemKey => ({
  pk: patientPartition(borough, request.patientId),
  sk: `${SK.phbPrefix}${request.submittedAt}#${request.requestId}`,
});

/**
 * Where a request stands in its state's queue: by submission, oldest first; a delivered one by the day
 * its review falls due, so that the reviews due are one range of the queue.
 */
export const queuePosition = (r: Pick<PhbRequest, 'status' | 'submittedAt' | 'requestId' | 'reviewDueOn'>): string =>
  `${r.status === 'delivered' && r.reviewDueOn ? r.reviewDueOn : r.submittedAt}#${r.requestId}`;

const toRequestItem = (borough: string, r: PhbRequest): Item => ({
  ...requestKey(borough, r),
  entity: 'phb-request',
  ...r,
  ...indexKeys(WORK_QUEUE_INDEX, phbQueueKey(borough, r.status), queuePosition(r)),
});

export const fromRequestItem = (item: Item): PhbRequest => {
  const request = withoutKeys(item) as unknown as PhbRequest;
  // Before orders were recorded, a bought request was `purchased`: it reads as ordered (it can be delivered, then reviewed).
  return (request.status as string) === 'purchased' ? { ...request, status: 'ordered' } : request;
};

/** A new request, and the lookup that leads from its id to it. */
export const putNewRequestItems = (store: Store, borough: string, r: PhbRequest): TransactItem[] => [
  { Put: { TableName: store.tableName, Item: toRequestItem(borough, r), ConditionExpression: 'attribute_not_exists(pk)' } },
  {
    Put: {
      TableName: store.tableName,
      Item: { ...phbLookupKey(borough, r.requestId), entity: 'phb-lookup', patientId: r.patientId, requestSk: requestKey(borough, r).sk },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
];

/** The next state of a request, only over the version it was decided on: a decision is made once. */
/** Where a request lives, found by its id alone (its lookup item); undefined when there is no such request. */
export const locateRequest = async (store: Store, borough: string, requestId: string): Promise<{ patientId: string; key: ItemKey } | undefined> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: phbLookupKey(borough, requestId), ConsistentRead: true }));
  if (!Item) return undefined;
  const patientId = String(Item.patientId);
  return { patientId, key: { pk: patientPartition(borough, patientId), sk: String(Item.requestSk) } };
};

export const replaceRequestItem = (store: Store, borough: string, next: PhbRequest, fromVersion: number): TransactItem => ({
  Put: { TableName: store.tableName, Item: toRequestItem(borough, next), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': fromVersion } },
});

/** The delivered requests whose review is due by `day`, page after page: the range of their queue up to that day (`queuePosition`). */
export const reviewsDueBy = async (store: Store, borough: string, day: string): Promise<PhbRequest[]> => {
  const query = indexQuery(WORK_QUEUE_INDEX, phbQueueKey(borough, 'delivered'));
  return (
    await queryAll(store, {
      ...query,
      KeyConditionExpression: `${query.KeyConditionExpression} AND ${WORK_QUEUE_INDEX.sortKey} <= :upTo`,
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':upTo': reviewsDueUpTo(day) },
    })
  ).map(fromRequestItem);
};

/** The last queue position of the reviews due by `day`. */
export const reviewsDueUpTo = (day: string): string => `${day}#\uffff`;

/** That the patient was asked whether a delivered request helped: written once, so they are asked once. */
export const putPhbReviewAsked = (store: Store, borough: string, patientId: string, requestId: string, at: string): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { pk: patientPartition(borough, patientId), sk: `${SK.reminderPrefix}phb#${requestId}`, entity: 'phb-review-asked', requestId, at },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * A page of the advisor queue for a status, oldest first (`queuePosition`), after the position `after`;
 * with `upTo`, only positions up to it (the reviews due by a day). A key condition takes one range, so
 * both bounds make a BETWEEN whose lower end is just above `after`.
 */
export const queuePage = async (store: Store, borough: string, status: string, page: { after?: string; upTo?: string; limit: number }): Promise<{ items: PhbRequest[]; more: boolean }> => {
  const { upTo } = page;
  const after = page.after || undefined;
  // BETWEEN refuses a lower end above its upper one: a cursor past the range has nothing after it.
  // Compared as DynamoDB does, by UTF-8 bytes (JavaScript's order differs above U+FFFF).
  if (upTo !== undefined && after !== undefined && Buffer.compare(Buffer.from(`${after}\u0000`), Buffer.from(upTo)) > 0) return { items: [], more: false };
  const query = indexQuery(WORK_QUEUE_INDEX, phbQueueKey(borough, status), upTo === undefined ? after : undefined);
  const sortKey = WORK_QUEUE_INDEX.sortKey;
  const range =
    upTo === undefined
      ? {}
      : {
          KeyConditionExpression: `${query.KeyConditionExpression} AND ${after === undefined ? `${sortKey} <= :upTo` : `${sortKey} BETWEEN :above AND :upTo`}`,
          ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':upTo': upTo, ...(after === undefined ? {} : { ':above': `${after}\u0000` }) },
        };
  const result = await store.doc.send(new QueryCommand({ TableName: store.tableName, ...query, ...range, Limit: page.limit + 1 }));
  const items = (result.Items ?? []).map(fromRequestItem);
  return { items: items.slice(0, page.limit), more: items.length > page.limit };
};
