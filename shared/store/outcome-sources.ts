import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conversationMonthFacts, emptyFacts, goalFacts, phbPartFacts, programmeFacts, reqolFacts, withActivity, type PatientOutcomeFacts, type PhbFactSource } from '../domain/outcomes';
import type { Goal } from '../domain/plan';
import type { Store } from '../runtime/deps';
import { boroughPrefix, patientPartition, SK } from './keys';
import { planKey } from './plan-repository';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;

/** Which part of a patient's outcome facts an item of this entity changes. */
export type OutcomePart = 'goals' | 'reqol' | 'phb' | 'messages';
export const PART_OF_ENTITY: Readonly<Record<string, OutcomePart>> = { plan: 'goals', reqol: 'reqol', 'phb-request': 'phb', conversation: 'messages' };

/**
 * The entities whose stream records the outcomes function reads (the event source filter uses this
 * list): the outcome aggregates' sources, and the alerts and review dates that the glance also shows.
 */
export const OUTCOME_ENTITIES = ['plan', 'reqol', 'phb-request', 'rag-update', 'comment', 'log-entry', 'measurement', 'red-alert', 'review', 'conversation', 'message'] as const;

const byPatient = (item: Item): boolean => (item.by as { asPatient?: boolean } | undefined)?.asPatient === true;

/** When the patient did something themself, if this item records that (what a contributor wrote is not the patient's activity). */
export const activityAt = (item: Item): string | undefined => {
  switch (item.entity) {
    case 'rag-update':
    case 'comment':
      return byPatient(item) ? String(item.at) : undefined;
    case 'log-entry':
    case 'reqol':
      return String(item.at);
    case 'measurement':
      return item.source === 'self' ? String(item.at) : undefined;
    case 'phb-request':
      return (item.submittedBy as { asPatient?: boolean } | undefined)?.asPatient ? String(item.submittedAt) : undefined;
    case 'message':
      return item.fromPatient === true ? String(item.sentAt) : undefined;
    default:
      return undefined;
  }
};

/** The patient whose partition holds the item, if it is a patient's. */
export const patientOfKey = (borough: string, pk: string): string | undefined => {
  const prefix = `${boroughPrefix(borough)}#P#`;
  return pk.startsWith(prefix) ? pk.slice(prefix.length) : undefined;
};

const goalsOfPlanItem = (item: Item | undefined): Goal[] => Object.values((item?.goals ?? {}) as Record<string, Goal>);

const reqolEnd = async (store: Store, pk: string, forward: boolean): Promise<{ total: number; responseId: string } | undefined> => {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': SK.reqolPrefix },
      ScanIndexForward: forward,
      Limit: 1,
      ConsistentRead: true,
      ProjectionExpression: '#t, responseId',
      ExpressionAttributeNames: { '#t': 'total' },
    }),
  );
  const item = Items[0];
  return item ? { total: Number(item.total), responseId: String(item.responseId) } : undefined;
};

/** Reads, now, the one part of a patient's facts that a changed item touched (order of stream records does not matter). */
export const readPart = async (store: Store, borough: string, patientId: string, part: OutcomePart): Promise<Partial<PatientOutcomeFacts>> => {
  const pk = patientPartition(borough, patientId);
  if (part === 'goals') {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: planKey(borough, patientId), ConsistentRead: true, ProjectionExpression: 'goals' }));
    const goals = goalsOfPlanItem(Item);
    return { goals: goalFacts(goals), ...programmeFacts(goals) };
  }
  if (part === 'reqol') {
    const [first, latest] = await Promise.all([reqolEnd(store, pk, true), reqolEnd(store, pk, false)]);
    const reqol = reqolFacts(first, latest);
    return reqol ? { reqol } : {};
  }
  if (part === 'messages') {
    // The months each conversation was active in: never a message.
    const conversations = await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': SK.conversationPrefix },
      ConsistentRead: true,
      ProjectionExpression: '#m',
      ExpressionAttributeNames: { '#m': 'months' },
    });
    const conversationMonths = conversationMonthFacts(conversations);
    return Object.keys(conversationMonths).length > 0 ? { conversationMonths } : {};
  }
  const requests = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': SK.phbPrefix },
    ConsistentRead: true,
    // The figures only: never what the patient wrote.
    ProjectionExpression: '#s, financialYear, category, amountPence, #o.actualCostPence, submittedAt, deliveredOn',
    ExpressionAttributeNames: { '#s': 'status', '#o': 'order' },
  });
  return phbPartFacts(requests as unknown as PhbFactSource[]);
};

/** A patient's facts from all their items (the rebuild): the same rules as the stream applies one item at a time. */
export const factsFromItems = (items: readonly Item[]): PatientOutcomeFacts => {
  let facts = emptyFacts();
  const reqol = items.filter((i) => i.entity === 'reqol').sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  const first = reqol[0];
  const latest = reqol.at(-1);
  const ends = first && latest ? reqolFacts({ total: Number(first.total), responseId: String(first.responseId) }, { total: Number(latest.total), responseId: String(latest.responseId) }) : undefined;
  facts = {
    ...facts,
    goals: goalFacts(goalsOfPlanItem(items.find((i) => i.entity === 'plan'))),
    ...programmeFacts(goalsOfPlanItem(items.find((i) => i.entity === 'plan'))),
    ...(ends ? { reqol: ends } : {}),
    ...phbPartFacts(items.filter((i) => i.entity === 'phb-request') as unknown as PhbFactSource[]),
  };
  const conversationMonths = conversationMonthFacts(items.filter((i) => i.entity === 'conversation'));
  if (Object.keys(conversationMonths).length > 0) facts = { ...facts, conversationMonths };
  for (const item of items) {
    const at = activityAt(item);
    if (at) facts = withActivity(facts, at);
  }
  return facts;
};

/** Every item of a patient's partition but the audit trail (which holds no outcome facts), for the rebuild. */
export const patientItemsForOutcomes = (store: Store, borough: string, patientId: string): Promise<Item[]> =>
  queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk > :afterAudit',
    ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':afterAudit': SK.auditHead },
    ConsistentRead: true,
  });
