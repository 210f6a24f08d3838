import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { emptySummary, type HealthSummary, type Measurement } from '../domain/health';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

export const summaryKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.healthSummary });

export const fromSummaryItem = (patientId: string, item: Item | undefined): HealthSummary => {
  if (!item) return emptySummary(patientId);
  return withoutKeys(item) as unknown as HealthSummary;
};

/** The summary, written only over the version it was made from. */
export const putSummaryItem = (store: Store, borough: string, next: HealthSummary, fromVersion: number): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...summaryKey(borough, next.patientId), entity: 'health-summary', ...next },
    ConditionExpression: fromVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
    ...(fromVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': fromVersion } }),
  },
});

export const measurementSk = (m: Pick<Measurement, 'type' | 'at' | 'measurementId'>): string => `${SK.measurementPrefix}${m.type}#${m.at}#${m.measurementId}`;

export const putMeasurementItem = (store: Store, borough: string, m: Measurement): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { pk: patientPartition(borough, m.patientId), sk: measurementSk(m), entity: 'measurement', ...m },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export const externalKey = (borough: string, patientId: string, source: string, externalId: string): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${SK.externalPrefix}${source}#${externalId}`,
});

/** The marker of an imported record: its condition is what makes a re-send a duplicate. */
export const putExternalMarker = (store: Store, borough: string, patientId: string, source: string, externalId: string, measurementId: string): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...externalKey(borough, patientId, source, externalId), entity: 'import-marker', measurementId },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export interface ReqolResponse {
  responseId: string;
  patientId: string;
  scores: number[];
  total: number;
  clinicalRange: boolean;
  at: string;
}

export const reqolSk = (r: Pick<ReqolResponse, 'at' | 'responseId'>): string => `${SK.reqolPrefix}${r.at}#${r.responseId}`;

export const putReqolItem = (store: Store, borough: string, r: ReqolResponse): TransactItem => ({
  Put: { TableName: store.tableName, Item: { pk: patientPartition(borough, r.patientId), sk: reqolSk(r), entity: 'reqol', ...r }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * A page of one type's measurements in time order (oldest first, for trends), between `from` and
 * `to` (ISO instants or dates, both inclusive), after the sort key `after` of the previous page.
 */
export const measurementsBetween = async (store: Store, page: { pk: string; type: string; from?: string; to?: string; after?: string; limit: number }): Promise<{ items: Item[]; more: boolean }> => {
  const base = `${SK.measurementPrefix}${page.type}#`;
  const lower = page.after ?? `${base}${page.from ?? ''}`;
  // '~' sorts after every character of an ISO instant or id: the end of `to`'s day or instant.
  const upper = `${base}${page.to ?? ''}~`;
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': page.pk, ':lower': lower, ':upper': upper },
      ConsistentRead: true,
      Limit: page.limit + (page.after ? 2 : 1),
    }),
  );
  const items = (result.Items ?? []).filter((i) => i.sk !== page.after);
  return { items: items.slice(0, page.limit), more: items.length > page.limit };
};
