import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Store } from '../runtime/deps';
import { idempotencyPartition } from './keys';

/**
 * Where Powertools idempotency keeps its records: the borough's own table, under one partition of its
 * own (the only place the PHB and plans functions may delete, and one the record door lets a request
 * touch before its consent decision: a record, kept 24 hours, holds only the answer its caller was
 * already given).
 */
export const idempotencyRecords = (store: Store, borough: string): DynamoDBPersistenceLayer =>
  new DynamoDBPersistenceLayer({
    tableName: store.tableName,
    awsSdkV3Client: store.client,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: idempotencyPartition(borough),
    expiryAttr: 'expiresAt',
  });
