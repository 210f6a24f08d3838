import { granteeKey } from '../domain/grant';
import type { ConversationCounts, ConversationGrantee } from '../domain/messages';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import { queryAll } from './query-all';
import { withoutKeys } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

/**
 * A conversation lives in the patient's partition, keyed by its grantee:
 * - CONV#<grantee>: its counters (the last `seq`, how many from each side) and when it last moved;
 * - MSG#<grantee>#<seq>: each message, `seq` zero-padded so that key order is the order sent;
 * - READ#<grantee>#<reader>: how far a reader has read (a `seq`), and how many of each side that was.
 */
const seqSk = (seq: number): string => String(seq).padStart(10, '0');

export const conversationKey = (borough: string, patientId: string, grantee: ConversationGrantee): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${SK.conversationPrefix}${granteeKey(grantee)}`,
});
export const messagePrefix = (grantee: ConversationGrantee): string => `${SK.messagePrefix}${granteeKey(grantee)}#`;
export const messageKey = (borough: string, patientId: string, grantee: ConversationGrantee, seq: number): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${messagePrefix(grantee)}${seqSk(seq)}`,
});
const readMarkPrefix = (grantee: ConversationGrantee): string => `${SK.readMarkPrefix}${granteeKey(grantee)}#`;
export const readMarkKey = (borough: string, patientId: string, grantee: ConversationGrantee, readerId: string): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${readMarkPrefix(grantee)}${readerId}`,
});

/** Who sent a message, signed as they were when they sent it. */
export interface MessageSender {
  userId: string;
  name?: string;
  label?: string;
}

/** A message as stored: the words are the patient's record, never logged. */
export interface StoredMessage {
  seq: number;
  sentAt: string;
  from: MessageSender;
  fromPatient: boolean;
  text: string;
  videoLink?: string;
  /** How many messages each side had sent, this one included: what reading up to it means for the unread counts. */
  soFar: Pick<ConversationCounts, 'fromPatient' | 'fromTeam'>;
  /** When each reader first read it (by user id), signed with their name then. */
  readBy: Record<string, Receipt>;
  /** A care team member's follow-up flag: seen by the team, not the patient. */
  flag?: { by: MessageSender; at: string };
}

/** A reader's receipt: when they first read the message, and their name then. */
export interface Receipt {
  at: string;
  name?: string;
}

export interface Conversation extends ConversationCounts {
  grantee: ConversationGrantee;
  lastAt?: string;
  /** The months (YYYY-MM, UTC) it had a message in. */
  months?: ReadonlySet<string>;
}

export interface ReadMark {
  readerId: string;
  upTo: number;
  readAt: string;
  seen: Pick<ConversationCounts, 'fromPatient' | 'fromTeam'>;
}

export const fromConversationItem = (item: Item): Conversation => withoutKeys(item, 'patientId') as unknown as Conversation;
export const fromMessageItem = (item: Item): StoredMessage => withoutKeys(item, 'patientId', 'grantee') as unknown as StoredMessage;
export const fromReadMarkItem = (item: Item): ReadMark => withoutKeys(item, 'patientId', 'grantee') as unknown as ReadMark;

/**
 * A new message and its conversation's counters, in one transaction: the counters move only from the
 * `before` the sender read (a concurrent message makes the write fail, to be planned again with the
 * next `seq`), so that no two messages share a place.
 */
export const putMessageItems = (store: Store, borough: string, patientId: string, grantee: ConversationGrantee, before: ConversationCounts, message: StoredMessage): TransactItem[] => [
  {
    Update: {
      TableName: store.tableName,
      Key: conversationKey(borough, patientId, grantee),
      // `months`: the months it had a message in (a set: adding one again changes nothing), for the outcome report.
      UpdateExpression: 'SET entity = :entity, patientId = :patientId, grantee = :grantee, #count = :count, fromPatient = :fromPatient, fromTeam = :fromTeam, lastAt = :at ADD #months :month',
      ConditionExpression: before.count === 0 ? 'attribute_not_exists(pk)' : '#count = :before',
      ExpressionAttributeNames: { '#count': 'count', '#months': 'months' },
      ExpressionAttributeValues: {
        ':month': new Set([message.sentAt.slice(0, 7)]),
        ':entity': 'conversation',
        ':patientId': patientId,
        ':grantee': grantee,
        ':count': message.seq,
        ':fromPatient': message.soFar.fromPatient,
        ':fromTeam': message.soFar.fromTeam,
        ':at': message.sentAt,
        ...(before.count === 0 ? {} : { ':before': before.count }),
      },
    },
  },
  {
    Put: {
      TableName: store.tableName,
      Item: { ...messageKey(borough, patientId, grantee, message.seq), entity: 'message', patientId, grantee, ...message },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
];

/** A reader's mark moved forward (never back: a late request cannot unread what a later one read). */
export const putReadMarkItem = (store: Store, borough: string, patientId: string, grantee: ConversationGrantee, mark: ReadMark): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...readMarkKey(borough, patientId, grantee, mark.readerId), entity: 'read-mark', patientId, grantee, ...mark },
    ConditionExpression: 'attribute_not_exists(pk) OR upTo < :upTo',
    ExpressionAttributeValues: { ':upTo': mark.upTo },
  },
});

/** The first time a reader read a message (a second read keeps the first receipt). */
export const readReceiptItem = (store: Store, key: ItemKey, readerId: string, receipt: Receipt): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: key,
    UpdateExpression: 'SET readBy.#reader = if_not_exists(readBy.#reader, :receipt)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#reader': readerId },
    ExpressionAttributeValues: { ':receipt': receipt },
  },
});

/** A care team member's follow-up flag set (with who and when) or cleared. */
export const flagItem = (store: Store, key: ItemKey, flag: StoredMessage['flag'] | undefined): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: key,
    ...(flag ? { UpdateExpression: 'SET #flag = :flag', ExpressionAttributeValues: { ':flag': flag } } : { UpdateExpression: 'REMOVE #flag' }),
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#flag': 'flag' },
  },
});

/** Every item of the patient's partition under `prefix`, or between `prefix+from` and `prefix+to`. */
const itemsUnder = (store: Store, pk: string, prefix: string, range?: { from: string; to: string }): Promise<Item[]> =>
  queryAll(store, {
    KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: range ? { ':pk': pk, ':from': `${prefix}${range.from}`, ':to': `${prefix}${range.to}` } : { ':pk': pk, ':prefix': prefix },
    ConsistentRead: true,
  });

/** A patient's conversations (one per grantee ever messaged: bounded by their grantees). */
export const listConversations = async (store: Store, borough: string, patientId: string): Promise<Conversation[]> =>
  (await itemsUnder(store, patientPartition(borough, patientId), SK.conversationPrefix)).map(fromConversationItem);

/** How far each reader of each of a patient's conversations has read, by grantee key and reader. */
export const listReadMarks = async (store: Store, borough: string, patientId: string): Promise<Map<string, ReadMark>> =>
  new Map((await itemsUnder(store, patientPartition(borough, patientId), SK.readMarkPrefix)).map((item) => [String(item.sk).slice(SK.readMarkPrefix.length), fromReadMarkItem(item)]));

/** The key listReadMarks gives a reader's mark on one conversation. */
export const readMarkId = (grantee: ConversationGrantee, readerId: string): string => `${granteeKey(grantee)}#${readerId}`;

/** The messages after `after` up to `upTo` (by seq), oldest first: those a reader reads now. */
export const listMessagesBetween = async (store: Store, borough: string, patientId: string, grantee: ConversationGrantee, after: number, upTo: number): Promise<StoredMessage[]> =>
  after >= upTo ? [] : (await itemsUnder(store, patientPartition(borough, patientId), messagePrefix(grantee), { from: seqSk(after + 1), to: seqSk(upTo) })).map(fromMessageItem);
