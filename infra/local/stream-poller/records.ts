import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { required } from '../../required';

type Attribute = Record<string, unknown>;

/**
 * The DynamoDB Streams client (3.11xx) reads an empty map attribute `{"M":{}}` back as `{}`, which
 * unmarshall refuses; Lambda's event keeps `{"M":{}}`. An empty object is only ever an empty map (a
 * list is an array, the rest are scalars), so this puts the M back, at any depth.
 */
export const repairEmptyMaps = (image: Record<string, Attribute>): Record<string, Attribute> => Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairAttribute(value)]));

const repairAttribute = (value: Attribute): Attribute => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: repairEmptyMaps(value.M as Record<string, Attribute>) };
  if (Array.isArray(value.L)) return { L: (value.L as Attribute[]).map(repairAttribute) };
  return value;
};

/** A record as the streams client reads it, as Lambda's event would carry it. */
export const asLambdaRecord = (record: _Record): DynamoDBRecord => {
  const r = record as unknown as DynamoDBRecord;
  const d = r.dynamodb;
  if (!d) return r;
  const images = Object.fromEntries((['NewImage', 'OldImage', 'Keys'] as const).filter((k) => d[k]).map((k) => [k, repairEmptyMaps(d[k] as unknown as Record<string, Attribute>)]));
  return { ...r, dynamodb: { ...d, ...images } };
};

/** A record's sequence number: every record the poller queues has one (the reader passes over any without). */
export const sequenceOf = (record: _Record | DynamoDBRecord): string => required(record.dynamodb?.SequenceNumber, 'sequence number of a stream record');
