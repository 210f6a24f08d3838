import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Programme, ProgrammeChangeEntry } from '../domain/library';
import type { Store } from '../runtime/deps';
import { libraryPartition, programmeChangeKey, programmeKey } from './keys';
import { queryAll } from './query-all';
import { withoutKeys } from './table-definition';
import { transactWrite, type TransactItem } from './transact';
import { cancellationCodes } from './transaction-errors';

type Item = Record<string, unknown>;

export const fromProgrammeItem = (item: Item | undefined): Programme | undefined => (item ? (withoutKeys(item) as unknown as Programme) : undefined);

const fromChangeItem = (item: Item): ProgrammeChangeEntry => withoutKeys(item) as unknown as ProgrammeChangeEntry;

/**
 * Every programme of the borough's library. The catalogue is small (tens to a few hundred items), so
 * a search reads the whole partition in one Query and filters in memory.
 */
export const readLibrary = async (store: Store, borough: string): Promise<Programme[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prog)',
      ExpressionAttributeValues: { ':pk': libraryPartition(borough), ':prog': 'PROG#' },
    })
  ).flatMap((item) => fromProgrammeItem(item) ?? []);

/** One programme, read strongly (before a change, or to check a step names a live one). */
export const readProgramme = async (store: Store, borough: string, programmeId: string): Promise<Programme | undefined> =>
  fromProgrammeItem((await store.doc.send(new GetCommand({ TableName: store.tableName, Key: programmeKey(borough, programmeId), ConsistentRead: true }))).Item);

/** A programme's changes, oldest first. */
export const readProgrammeHistory = async (store: Store, borough: string, programmeId: string): Promise<ProgrammeChangeEntry[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': libraryPartition(borough), ':change': `CHANGE#${programmeId}#` },
    })
  ).map(fromChangeItem);

/** Raised when the programme moved on (or, for a new one, already exists) since `expectedVersion` was read. */
export class ProgrammeVersionError extends Error {
  constructor() {
    super('The programme changed since it was read.');
    this.name = 'ProgrammeVersionError';
  }
}

/**
 * Writes a programme over the version it was read at (0: it did not exist) and its change entry, in
 * one transaction: no change without its history, no history without its change.
 */
export const writeProgramme = async (store: Store, borough: string, programme: Programme, entry: ProgrammeChangeEntry, expectedVersion: number): Promise<void> => {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: { ...programmeKey(borough, programme.programmeId), entity: 'programme', ...programme },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      },
    },
    {
      Put: {
        TableName: store.tableName,
        Item: { ...programmeChangeKey(borough, entry.programmeId, entry.at, entry.version), entity: 'programme-change', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  try {
    await transactWrite(store, items);
  } catch (error) {
    if ((cancellationCodes(error) ?? []).includes('ConditionalCheckFailed')) throw new ProgrammeVersionError();
    throw error;
  }
};

/** In a step's transaction: the programme it names is still active (retired meanwhile, the step is refused). */
export const programmeActiveCheck = (store: Store, borough: string, programmeId: string): TransactItem => ({
  ConditionCheck: {
    TableName: store.tableName,
    Key: programmeKey(borough, programmeId),
    ConditionExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':active': 'active' },
  },
});
