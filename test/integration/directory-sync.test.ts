import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { makeBoroughsHandler } from '../../functions/boroughs/make-handler';
import { lambdaContext, toHttpEvent } from '../../infra/local/http-event';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { withCheckDigit } from '../../shared/domain/nhs-number';
import { makeStoreClients } from '../../shared/store/client';
import { nhsNumberKey } from '../../shared/store/keys';
import { listDirectory, putDirectoryUser } from '../../shared/store/directory-repository';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import { STAFF_MFA_REQUIRED, type MfaSettings } from '../../functions/boroughs/staff-mfa';

/** A pre token generation event as Cognito sends it when someone signs in on the hosted UI. */
const signingIn = (attributes: Record<string, string>, groups: string[]): PreTokenGenerationTriggerEvent => ({
  version: '1',
  triggerSource: 'TokenGeneration_HostedAuth',
  region: 'eu-west-2',
  userPoolId: 'eu-west-2_example',
  userName: attributes.sub ?? 'someone',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'web-client' },
  request: { userAttributes: attributes, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] } },
  response: { claimsOverrideDetails: {} },
});

describe("Cognito sign-ins keep the borough's directory (pre token generation trigger of the boroughs function)", () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.stop());

  const runtime = () => t.platform.boroughs.get(BOROUGH)!;
  const entry = async (userId: string) => (await listDirectory(runtime().deps.store, BOROUGH)).find((u) => u.userId === userId);

  it('puts the person with their groups as roles, their organisation and only verified contact details; the token is untouched', async () => {
    const handler = makeBoroughsHandler(runtime().deps);
    const event = signingIn(
      {
        sub: 'c0ffee-advisor',
        'custom:borough': BOROUGH,
        'custom:org': 'advocacy-project',
        email: 'advisor@example.org',
        email_verified: 'true',
        phone_number: '+447700900999',
        phone_number_verified: 'false',
      },
      ['phb-advisor', 'not-a-role'],
    );
    const answer = await handler(event, lambdaContext('boroughs'));
    expect(answer).toEqual(event);
    expect(await entry('c0ffee-advisor')).toEqual({ userId: 'c0ffee-advisor', roles: ['phb-advisor'], org: 'advocacy-project', email: 'advisor@example.org', signedInAt: expect.any(String) });

    // A later sign-in after a change in Cognito (another group, phone verified) replaces the entry.
    await handler(
      signingIn({ sub: 'c0ffee-advisor', 'custom:borough': BOROUGH, 'custom:org': 'advocacy-project', phone_number: '+447700900999', phone_number_verified: 'true' }, ['clinician']),
      lambdaContext('boroughs'),
    );
    expect(await entry('c0ffee-advisor')).toEqual({ userId: 'c0ffee-advisor', roles: ['clinician'], org: 'advocacy-project', phone: '+447700900999', signedInAt: expect.any(String) });
  });

  it("puts their name, a patient's date of birth and staff's role title from Cognito, and leaves a disabled person disabled", async () => {
    const handler = makeBoroughsHandler(runtime().deps);
    const named = { 'custom:borough': BOROUGH, given_name: 'Ada', family_name: 'Example', nickname: 'Addie' };
    await handler(signingIn({ sub: 'c0ffee-patient', ...named, birthdate: '1979-02-03', 'custom:role_title': 'ignored for a patient' }, ['patient']), lambdaContext('boroughs'));
    expect(await entry('c0ffee-patient')).toEqual({
      userId: 'c0ffee-patient',
      roles: ['patient'],
      name: { given: 'Ada', family: 'Example', preferred: 'Addie' },
      birthDate: '1979-02-03',
      signedInAt: expect.any(String),
    });
    await handler(signingIn({ sub: 'c0ffee-nurse', ...named, 'custom:org': 'elft', 'custom:role_title': 'Nurse', birthdate: '1979-02-03' }, ['clinician']), lambdaContext('boroughs'));
    expect(await entry('c0ffee-nurse')).toEqual({
      userId: 'c0ffee-nurse',
      roles: ['clinician'],
      name: { given: 'Ada', family: 'Example', preferred: 'Addie' },
      org: 'elft',
      roleTitle: 'Nurse',
      signedInAt: expect.any(String),
    });

    await putDirectoryUser(runtime().deps.store, BOROUGH, { ...(await entry('c0ffee-nurse'))!, status: 'disabled', disabledAt: '2026-11-30T10:00:00.000Z' });
    await handler(signingIn({ sub: 'c0ffee-nurse', ...named, 'custom:org': 'elft', 'custom:role_title': 'Senior nurse' }, ['clinician']), lambdaContext('boroughs'));
    expect(await entry('c0ffee-nurse')).toMatchObject({ roleTitle: 'Senior nurse', status: 'disabled', disabledAt: '2026-11-30T10:00:00.000Z' });
  });

  it("ignores another borough's user and events that are not token generation", async () => {
    const handler = makeBoroughsHandler(runtime().deps);
    await handler(signingIn({ sub: 'c0ffee-elsewhere', 'custom:borough': 'newham' }, ['clinician']), lambdaContext('boroughs'));
    expect(await entry('c0ffee-elsewhere')).toBeUndefined();
    const odd = { ...signingIn({ sub: 'c0ffee-odd', 'custom:borough': BOROUGH }, ['clinician']), request: { userAttributes: 'not a map' } } as unknown as PreTokenGenerationTriggerEvent;
    expect(await handler(odd, lambdaContext('boroughs'))).toBe(odd);
    expect(await entry('c0ffee-odd')).toBeUndefined();
  });

  it('never stops a sign-in: with the table unreachable the token goes ahead unchanged', async () => {
    const unreachable = makeStoreClients({ endpoint: testEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const deps = { ...runtime().deps, store: { ...runtime().deps.store, ...unreachable, tableName: 'no-such-table' } };
    const event = signingIn({ sub: 'c0ffee-lost', 'custom:borough': BOROUGH }, ['clinician']);
    await expect(makeBoroughsHandler(deps)(event, lambdaContext('boroughs'))).resolves.toEqual(event);
  });

  it("links a patient's NHS number (from the invitation) to them, so GP imports find them; never someone else's, never an invalid one", async () => {
    const handler = makeBoroughsHandler(runtime().deps);
    const nhs = withCheckDigit('999000010')!;
    const linkedTo = async (number: string) => (await runtime().deps.store.doc.send(new GetCommand({ TableName: runtime().deps.store.tableName, Key: nhsNumberKey(BOROUGH, number) }))).Item?.patientId;
    const patient = (sub: string, number: string, groups = ['patient']) => signingIn({ sub, 'custom:borough': BOROUGH, 'custom:nhs_number': number }, groups);

    await handler(patient('c0ffee-patient', nhs), lambdaContext('boroughs'));
    expect(await linkedTo(nhs)).toBe('c0ffee-patient');
    // Signing in again is the same link.
    await handler(patient('c0ffee-patient', nhs), lambdaContext('boroughs'));
    expect(await linkedTo(nhs)).toBe('c0ffee-patient');
    // Another account with the same number does not take it over (the sign-in still goes ahead).
    const clash = patient('c0ffee-other', nhs);
    expect(await handler(clash, lambdaContext('boroughs'))).toEqual(clash);
    expect(await linkedTo(nhs)).toBe('c0ffee-patient');
    // A number failing the modulus 11 check, or on a staff account, links nothing.
    const invalid = `${nhs.slice(0, 9)}${(Number(nhs[9]) + 1) % 10}`;
    await handler(patient('c0ffee-typo', invalid), lambdaContext('boroughs'));
    expect(await linkedTo(invalid)).toBeUndefined();
    const staffNumber = withCheckDigit('999000011')!;
    await handler(patient('c0ffee-nurse', staffNumber, ['clinician']), lambdaContext('boroughs'));
    expect(await linkedTo(staffNumber)).toBeUndefined();
  });

  it('is still the HTTP handler of the borough routes', async () => {
    const answer = (await makeBoroughsHandler(runtime().deps)(toHttpEvent({ method: 'GET', path: '/health', headers: {} }), lambdaContext('boroughs'))) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', borough: BOROUGH });
  });

  describe('staff sign in with a second factor only (issue 26 item 7)', () => {
    /** Cognito's answer for each user, as AdminGetUser would give it. */
    const cognito = (factors: Record<string, string[]>): MfaSettings & { asked: string[] } => {
      const asked: string[] = [];
      return { asked, enabledFactors: (pool, user) => (asked.push(`${pool}/${user}`), Promise.resolve(factors[user] ?? [])) };
    };

    it.each(['clinician', 'phb-advisor', 'operator', 'paramedic'])('refuses a %s without MFA, and keeps them out of the directory', async (role) => {
      const mfa = cognito({});
      const handler = makeBoroughsHandler(runtime().deps, mfa);
      const sub = `c0ffee-nomfa-${role}`;
      await expect(handler(signingIn({ sub, 'custom:borough': BOROUGH, 'custom:org': 'elft' }, [role]), lambdaContext('boroughs'))).rejects.toThrow(STAFF_MFA_REQUIRED);
      expect(mfa.asked).toEqual([`eu-west-2_example/${sub}`]);
      expect(await entry(sub)).toBeUndefined();
    });

    it('lets staff with email codes or an authenticator app in', async () => {
      const handler = makeBoroughsHandler(runtime().deps, cognito({ 'c0ffee-email': ['EMAIL_OTP'], 'c0ffee-totp': ['SOFTWARE_TOKEN_MFA'] }));
      for (const sub of ['c0ffee-email', 'c0ffee-totp']) {
        const event = signingIn({ sub, 'custom:borough': BOROUGH, 'custom:org': 'elft' }, ['clinician']);
        expect(await handler(event, lambdaContext('boroughs'))).toEqual(event);
        expect(await entry(sub)).toMatchObject({ roles: ['clinician'] });
      }
    });

    it('lets patients in without MFA, without asking Cognito', async () => {
      const mfa = cognito({});
      const handler = makeBoroughsHandler(runtime().deps, mfa);
      const event = signingIn({ sub: 'c0ffee-patient-nomfa', 'custom:borough': BOROUGH }, ['patient']);
      expect(await handler(event, lambdaContext('boroughs'))).toEqual(event);
      expect(mfa.asked).toEqual([]);
    });

    it('refuses someone who is both patient and staff without MFA (staff rights need it)', async () => {
      const handler = makeBoroughsHandler(runtime().deps, cognito({}));
      await expect(handler(signingIn({ sub: 'c0ffee-dual', 'custom:borough': BOROUGH, 'custom:org': 'elft' }, ['patient', 'clinician']), lambdaContext('boroughs'))).rejects.toThrow(
        STAFF_MFA_REQUIRED,
      );
    });
  });
});
