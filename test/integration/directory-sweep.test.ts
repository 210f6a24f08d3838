import { AdminDeleteUserCommand, AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { lambdaContext } from '../../infra/local/http-event';
import { makeBoroughsHandler } from '../../functions/boroughs/make-handler';
import { cognitoAccounts } from '../../shared/runtime/cognito-accounts';
import { getPeople, putDirectoryUser } from '../../shared/store/directory-repository';
import { patientPartition } from '../../shared/store/keys';
import { startCognitoLocal, type CognitoLocal } from '../support/cognito-local';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Issue 18 item 6: people disabled or deleted in Cognito (its console, a script) leave the directory.
 * Invitations go to cognito-local through the real Cognito adapter; the sweep reads the pool back.
 */
describe('the directory stays true to the user pool', () => {
  let cognito: CognitoLocal;
  let t: TestPlatform;
  let poolId: string;
  const accounts = () => cognitoAccounts(`recovery-${BOROUGH}`, cognito.client);
  beforeAll(async () => {
    cognito = await startCognitoLocal();
    poolId = await cognito.createPool(`recovery-${BOROUGH}`);
    t = await startTestPlatform({ overrides: { accounts: accounts() } });
  });
  afterAll(async () => {
    await t?.stop();
    await cognito?.stop();
  });

  const deps = () => t.platform.boroughs.get(BOROUGH)!.deps;
  const entry = async (userId: string) => (await getPeople(deps().store, BOROUGH, [userId])).get(userId);
  const sweep = (pool = `recovery-${BOROUGH}`) => makeBoroughsHandler({ ...deps(), accounts: cognitoAccounts(pool, cognito.client) })({ directorySweep: true }, lambdaContext('boroughs'));
  const invite = async (body: Record<string, unknown>): Promise<string> => {
    const res = await t.call({ method: 'POST', path: '/borough/invitations', token: await t.tokenFor('operator'), body });
    expect(res.status).toBe(201);
    return (res.body as { userId: string }).userId;
  };
  const staff = (given: string, email: string) => ({ roles: ['clinician'], name: { given, family: 'Example' }, org: 'elft', roleTitle: 'Care coordinator', email });
  const leftEvents = async (patientId: string) => {
    const outbox = await deps().store.doc.send(
      new QueryCommand({
        TableName: deps().store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patientId), ':o': 'OUTBOX#' },
      }),
    );
    return (outbox.Items ?? []).filter((i) => i.type === 'grantee.left').map((i) => i.data as { granteeId: string });
  };

  it('invites through the Cognito adapter: the account is made in the pool and known by its sub', async () => {
    const ada = await invite(staff('Ada', 'ada@example.org'));
    const states = await accounts().accountStates();
    expect(states.get(ada)).toBe('enabled');
    expect(await entry(ada)).toMatchObject({ name: { given: 'Ada' }, invitedAt: expect.any(String) });
  });

  it('a person disabled and one deleted in Cognito leave the directory at the next sweep; their patients are told; the rest stay', async () => {
    const bea = await invite(staff('Bea', 'bea@example.org'));
    const cy = await invite(staff('Cy', 'cy@example.org'));
    const dee = await invite(staff('Dee', 'dee@example.org'));
    const sally = await t.tokenFor('sally');
    const shared = await t.call({ method: 'POST', path: '/patients/me/grants', token: sally, body: { grantee: { type: 'person', userId: bea }, scopes: ['plan:read'] } });
    expect(shared.status).toBe(201);
    const beaToken = await t.issuer.sign({ id: bea, borough: BOROUGH, roles: ['clinician'], org: 'elft' });
    expect((await t.call({ method: 'GET', path: '/patients/sally/plan', token: beaToken })).status).toBe(200);

    // An administrator acts in Cognito's console, not through the platform.
    await cognito.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bea@example.org' }));
    await cognito.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'cy@example.org' }));

    const result = await sweep();
    expect(result).toEqual({ outcome: 'swept', left: expect.arrayContaining([bea, cy]) });
    expect((result as { left: string[] }).left).toHaveLength(2);
    expect(await entry(bea)).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
    expect(await entry(cy)).toMatchObject({ status: 'disabled' });
    expect((await entry(dee))?.status).toBeUndefined();
    // Seeded people never had an account of this pool: the sweep leaves them alone.
    expect((await entry('miriam'))?.status).toBeUndefined();
    expect((await t.call({ method: 'GET', path: '/patients/sally/plan', token: beaToken })).status).toBe(401);
    expect(await leftEvents('sally')).toEqual([expect.objectContaining({ granteeId: bea })]);

    // Sweeping again changes nothing more.
    expect(await sweep()).toEqual({ outcome: 'swept', left: [] });
    expect(await leftEvents('sally')).toHaveLength(1);
  });

  it('refuses to disable many people at once (a wrong or empty pool) and changes nothing', async () => {
    await cognito.createPool('recovery-empty');
    const signedIn = Array.from({ length: 8 }, (_, i) => `signed-in-${i}`);
    for (const userId of signedIn) await putDirectoryUser(deps().store, BOROUGH, { userId, roles: ['patient'], name: { given: 'Pat', family: 'Example' }, signedInAt: '2026-11-01T00:00:00.000Z' });
    const result = await sweep('recovery-empty');
    expect(result).toMatchObject({ outcome: 'refused', accounts: 0 });
    for (const userId of signedIn) expect((await entry(userId))?.status).toBeUndefined();
  });
});
