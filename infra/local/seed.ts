import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Grant, Grantee, Scope } from '../../shared/domain/grant';
import type { CrisisPlanContent } from '../../shared/domain/crisis-plan';
import { toGrantItem } from '../../shared/store/grants-repository';
import { crisisPlanKey } from '../../shared/store/crisis-plan-repository';
import { boroughPartition } from '../../shared/store/keys';
import type { BoroughRuntime } from './platform';
import { demoUsers } from './demo-users';

const SEEDED_AT = '2026-01-05T09:00:00.000Z';

/** Sally's petals, as in the design: her plan with miriam and coach, her crisis plan with paramedics. */
const SALLY_GRANTS: { id: string; grantee: Grantee; scopes: Scope[]; note?: string }[] = [
  { id: 'seed-sally-miriam', grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read', 'plan:contribute', 'crisis-plan:read', 'health:read'], note: 'my psychotherapist' },
  { id: 'seed-sally-coach', grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:read', 'health:read'], note: 'Core Sport coach' },
  { id: 'seed-sally-emergency', grantee: { type: 'emergency' }, scopes: ['crisis-plan:read'] },
];

/** Synthetic words, written for the demo: no real person's. */
const SALLY_CRISIS_PLAN: CrisisPlanContent = {
  warningSigns: ['Sleeping less than four hours', 'Stopping going out', 'Hearing critical voices more often'],
  whatHelps: ['A walk along the canal', 'Talking to my sister', 'Music with headphones'],
  whatToAvoid: ['Crowded places', 'Being told to calm down'],
  contacts: [
    { name: 'Jo (sister)', relationship: 'sister', phone: '07700 900461' },
    { name: 'Crisis line', relationship: 'ELFT crisis line', phone: '0800 073 0003' },
  ],
  medicationNotes: 'Takes medication in the evening; check the GP record for the current list.',
};

/** Puts an item unless it exists: seeding a kept database (`--data`) never undoes what people changed. */
const putOnce = async (runtime: BoroughRuntime, item: Record<string, unknown>): Promise<void> => {
  try {
    await runtime.deps.store.doc.send(new PutCommand({ TableName: runtime.deps.store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
};

/**
 * Seeds a borough: its directory of users with fixed ids, and for the demo borough Sally's grants and
 * crisis plan. Idempotent.
 */
export const seedBorough = async (runtime: BoroughRuntime): Promise<void> => {
  const { config, deps } = runtime;
  await deps.store.doc.send(
    new BatchWriteCommand({
      RequestItems: {
        [deps.store.tableName]: demoUsers(config.id).map((u) => ({
          PutRequest: {
            Item: { pk: boroughPartition(config.id, 'USERS'), sk: `USER#${u.id}`, entity: 'user', userId: u.id, roles: u.roles, ...(u.org ? { org: u.org } : {}) },
          },
        })),
      },
    }),
  );
  if (config.id !== 'city-and-hackney') return;
  for (const g of SALLY_GRANTS) {
    const grant: Grant = { grantId: g.id, patientId: 'sally', grantee: g.grantee, scopes: g.scopes, startsAt: SEEDED_AT, ...(g.note ? { note: g.note } : {}), createdAt: SEEDED_AT, updatedAt: SEEDED_AT, version: 1 };
    await putOnce(runtime, toGrantItem(config.id, grant));
  }
  await putOnce(runtime, { ...crisisPlanKey(config.id, 'sally'), entity: 'crisis-plan', ...SALLY_CRISIS_PLAN, patientId: 'sally', version: 1, updatedAt: SEEDED_AT });
};
