import { emptyPlan, type Goal, type Plan, type Rag, type Author } from '../domain/plan';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

export const planKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.plan });

/**
 * Only goals kept under their own id: drops any that a write under an inherited name (`constructor`,
 * `__proto__`) stored before such ids were refused, which would break every later read and write.
 */
const ownGoals = (goals: unknown): Record<string, Goal> =>
  Object.fromEntries(Object.entries((goals ?? {}) as Record<string, Partial<Goal> | undefined>).filter(([id, goal]) => goal?.goalId === id)) as Record<string, Goal>;

export const fromPlanItem = (patientId: string, item: Item | undefined): Plan => {
  if (!item) return emptyPlan(patientId);
  return { ...withoutKeys(item), goals: ownGoals(item.goals) } as unknown as Plan;
};

/** Writes the next plan only over the version it was made from: no change is ever lost. */
export const putPlanItem = (store: Store, borough: string, next: Plan, fromVersion: number): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...planKey(borough, next.patientId), entity: 'plan', ...next },
    ConditionExpression: fromVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
    ...(fromVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': fromVersion } }),
  },
});

export interface RagUpdate {
  updateId: string;
  goalId: string;
  status: Rag;
  note?: string;
  at: string;
  by: Author;
}

export const ragSk = (goalId: string, at: string, id: string): string => `${SK.ragPrefix}${goalId}#${at}#${id}`;

/** An item of an append-only collection: written once, never over another. */
const putNew = (store: Store, key: ItemKey, entity: string, body: object): TransactItem => ({
  Put: { TableName: store.tableName, Item: { ...key, entity, ...body }, ConditionExpression: 'attribute_not_exists(pk)' },
});

export const putRagItem = (store: Store, borough: string, patientId: string, update: RagUpdate): TransactItem =>
  putNew(store, { pk: patientPartition(borough, patientId), sk: ragSk(update.goalId, update.at, update.updateId) }, 'rag-update', update);

export interface Comment {
  commentId: string;
  goalId: string;
  text: string;
  at: string;
  by: Author;
}

export const commentSk = (goalId: string, at: string, id: string): string => `${SK.commentPrefix}${goalId}#${at}#${id}`;

export const putCommentItem = (store: Store, borough: string, patientId: string, comment: Comment): TransactItem =>
  putNew(store, { pk: patientPartition(borough, patientId), sk: commentSk(comment.goalId, comment.at, comment.commentId) }, 'comment', comment);

export interface LogEntry {
  entryId: string;
  /** The day it is about (the patient may write about yesterday). */
  date: string;
  text: string;
  mood: number;
  at: string;
}

export const logSk = (at: string, id: string): string => `${SK.logPrefix}${at}#${id}`;

export const putLogItem = (store: Store, borough: string, patientId: string, entry: LogEntry): TransactItem =>
  putNew(store, { pk: patientPartition(borough, patientId), sk: logSk(entry.at, entry.entryId) }, 'log-entry', entry);
