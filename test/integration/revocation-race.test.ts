import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { seedBorough } from '../../infra/local/seed';
import { patientPartition, SK } from '../../shared/store/keys';
import type { Json } from '../support/json';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * A write by a member of the care team decides on the grant it reads, then commits in a transaction
 * of its own: the patient revoking the grant in between must not let the write land after it.
 */
describe('a care team write racing the revocation of its grant', () => {
  let t: TestPlatform;
  const store = () => t.platform.boroughs.get(BOROUGH)!.deps.store;
  const steps = async (): Promise<string[]> => {
    const plan = await store().doc.send(new GetCommand({ TableName: store().tableName, Key: { pk: patientPartition(BOROUGH, 'sally'), sk: SK.plan }, ConsistentRead: true }));
    const goals = (plan.Item?.goals ?? {}) as Record<string, { steps?: { text: string }[] }>;
    return Object.values(goals).flatMap((g) => (g.steps ?? []).map((s) => s.text));
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
  });
  afterAll(() => t.stop());

  it("is refused (404) when the revocation commits between the write's decision and its transaction, and the refusal is in the access log", async () => {
    // Prepare: Miriam contributes to Sally's plan through her grant; Sally's revocation is made to land just before Miriam's transaction.
    const [miriam, sally] = await Promise.all([t.tokenFor('miriam'), t.tokenFor('sally')]);
    const send = store().doc.send.bind(store().doc);
    let raced = false;
    const spy = jest.spyOn(store().doc, 'send').mockImplementation(async (command: unknown) => {
      if (!raced && command instanceof TransactWriteCommand) {
        raced = true;
        const revoked = await t.call({ method: 'DELETE', path: '/patients/sally/grants/seed-sally-miriam', token: sally });
        expect(revoked.status).toBe(204);
      }
      return send(command as never);
    });

    // Act
    let write;
    try {
      write = await t.call({ method: 'POST', path: '/patients/sally/goals/seed-goal-walk/steps', token: miriam, body: { text: 'Added as the grant ended' } });
    } finally {
      spy.mockRestore();
    }

    // Assess: decided again on the revoked grant, the write is refused and nothing of it is in the plan.
    expect(raced).toBe(true);
    expect(write.status).toBe(404);
    expect(await steps()).not.toContain('Added as the grant ended');
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: sally })).body as Json;
    expect(log.items[0]).toMatchObject({ actorId: 'miriam', decision: 'deny' });
  });

  it('lands through a grant changed before the write decided: the check is of the grant as the decision read it', async () => {
    const coach = await t.tokenFor('coach');
    const sally = await t.tokenFor('sally');
    // The coach reads through his grant; Sally gives him plan:contribute, and his write then lands.
    const grant = (await t.call({ method: 'GET', path: '/patients/me/grants', token: sally })).body as Json;
    const his = (grant.items as Json[]).find((g: Json) => g.grantId === 'seed-sally-coach')!;
    const changed = await t.call({
      method: 'PATCH',
      path: '/patients/me/grants/seed-sally-coach',
      token: sally,
      body: { scopes: ['plan:read', 'plan:contribute', 'health:read'] },
      headers: { 'if-match': `"${his.version}"` },
    });
    expect(changed.status).toBe(200);
    const write = await t.call({ method: 'POST', path: '/patients/sally/goals/seed-goal-walk/steps', token: coach, body: { text: 'Tuesday walk at 10' } });
    expect(write.status).toBe(201);
    expect(await steps()).toContain('Tuesday walk at 10');
  });
});
