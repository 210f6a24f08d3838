import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../shared/domain/actor';
import { putDirectoryUser } from '../../shared/store/directory-repository';
import { patientPartition } from '../../shared/store/keys';
import type { Json } from './json';
import { BOROUGH, startTestPlatform, type TestPlatform } from './platform';

export type { Json };

/** A platform with PHB advisors and helpers to make patients with a goal and a budget, ask and decide. */
export const startPhbHarness = async () => {
  const t: TestPlatform = await startTestPlatform();
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  for (const u of ['sally', 'miriam', 'advisor', 'coach']) tokens[u] = await t.tokenFor(u);
  tokens['advisor-2'] = await t.issuer.sign({ id: 'advisor-2', borough: BOROUGH, roles: ['phb-advisor'], org: 'advocacy-project' });
  tokens['dual'] = await t.issuer.sign({ id: 'dual', borough: BOROUGH, roles: ['clinician', 'phb-advisor'], org: 'elft' });
  // A patient shares only with staff of the directory (a grant to anyone else is a 422).
  await putDirectoryUser(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, {
    userId: 'dual',
    roles: ['clinician', 'phb-advisor'],
    org: 'elft',
    name: { given: 'Dee', family: 'Example' },
    roleTitle: 'Care coordinator',
  });
  let n = 0;
  return {
    t,
    as,
    /** A patient of the borough's directory (as at their first sign-in) with a plan goal and a budget, ready to ask. */
    newPatient: async (allocatedPence: number, roles: Role[] = ['patient']) => {
      const id = `phb-${++n}`;
      tokens[id] = await t.issuer.sign({ id, borough: BOROUGH, roles });
      await putDirectoryUser(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, { userId: id, roles });
      const goal = await t.call({ method: 'POST', path: '/patients/me/goals', token: as(id), body: { category: 'social', description: 'Keep in touch with my family' } });
      const budget = await t.call({ method: 'PUT', path: `/patients/${id}/budget`, token: as('advisor'), body: { allocatedPence, reason: 'Allocated at the annual review' } });
      if (budget.status !== 200) throw new Error(`budget answered ${budget.status}`);
      return { id, goalId: (goal.body as Json).goalId as string };
    },
    ask: (patient: { id: string; goalId: string }, amountPence: number, headers: Record<string, string> = {}, by = patient.id) =>
      t.call({
        method: 'POST',
        path: `/patients/${patient.id}/phb-requests`,
        token: as(by),
        headers,
        body: { category: 'phone', item: 'Smartphone', amountPence, goalId: patient.goalId, whyItHelps: 'Video calls with my care team', alternativesConsidered: "Borrowing my sister's phone" },
      }),
    decide: (requestId: string, body: Json, advisor = 'advisor') => t.call({ method: 'POST', path: `/phb-requests/${requestId}/decision`, token: as(advisor), body }),
    budget: async (patientId: string) => (await t.call({ method: 'GET', path: `/patients/${patientId}/budget`, token: as(patientId) })).body as Json,
    items: async (patientId: string, prefix: string) => {
      const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
      const { Items = [] } = await store.doc.send(
        new QueryCommand({
          TableName: store.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patientId), ':s': prefix },
          ConsistentRead: true,
        }),
      );
      return Items;
    },
  };
};

export type PhbHarness = Awaited<ReturnType<typeof startPhbHarness>>;
