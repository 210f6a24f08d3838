import { DEMO_NHS_NUMBERS, seedBorough } from '../../infra/local/seed';
import { withCheckDigit } from '../../shared/domain/nhs-number';
import { REFUSAL_LOG_LIMIT } from '../../shared/domain/refusal-log';
import { boroughPrefix } from '../../shared/store/keys';
import { noPatientPartition } from '../../shared/store/refusal-repository';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';
import { gpBundle, gpObservation } from '../support/gp-observations';

/**
 * Whether someone is a patient of a mental-health service is itself private. A caller refused on a
 * patient who exists and one asking about an id that is no patient get the same answer (status,
 * headers, body) and cause the same store operations, in kind and in count, request after request:
 * while refusals are logged one by one and once they are only counted (a flood). How long each takes
 * is measured by bench/existence-timing.ts, not here (timings are noise in a test).
 */
type Json = Record<string, unknown>;

/** One store operation, as far as its cost goes: the command, how many keys it reads, what it writes. */
interface Operation {
  command: string;
  reads?: number;
  writes?: string[];
}

const PATIENT = 'andre';
const NOBODY = 'nobody-by-this-id';
const UNKNOWN_NHS = withCheckDigit('999000099')!;
/** Enough requests to go from refusals logged one by one to a flood, and on. */
const REQUESTS = REFUSAL_LOG_LIMIT.perWindow + 3;

const transactKind = (item: Json): string => Object.keys(item).join('+');

const describeOperation = (command: string, input: Json): Operation => {
  if (command === 'BatchGetItemCommand') {
    const tables = Object.values(input.RequestItems as Record<string, { Keys: unknown[] }>);
    return { command, reads: tables.reduce((n, t) => n + t.Keys.length, 0) };
  }
  if (command === 'TransactWriteItemsCommand') return { command, writes: (input.TransactItems as Json[]).map(transactKind) };
  return { command };
};

describe('a patient who exists and one who does not look the same to a caller who may not know', () => {
  let t: TestPlatform;
  const operations: Operation[] = [];
  const written: string[] = [];
  let recording = false;

  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    // Every call on the table, as the handler makes it (before marshalling), while a request runs.
    t.platform.clients.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (recording) {
          const input = args.input as Json;
          operations.push(describeOperation(context.commandName ?? '', input));
          for (const item of (input.TransactItems as Json[] | undefined) ?? []) {
            const write = Object.values(item)[0] as { Key?: Json; Item?: Json };
            const pk = (write.Key ?? write.Item)?.pk;
            written.push(typeof pk === 'string' ? pk : JSON.stringify(pk));
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordOperations' },
    );
  });
  afterAll(() => t.stop());

  /** What a caller sees of a response and what the store was asked to do for it. */
  const observe = async (send: () => Promise<TestResponse>): Promise<{ answer: Pick<TestResponse, 'status' | 'headers' | 'body'>; operations: Operation[]; written: string[] }> => {
    operations.length = 0;
    written.length = 0;
    recording = true;
    try {
      const res = await send();
      return { answer: { status: res.status, headers: res.headers, body: res.body }, operations: [...operations], written: [...written] };
    } finally {
      recording = false;
    }
  };

  /** Request after request on each, alternately: the answers and the operations of each pair are the same. */
  const compare = async (send: (target: 'patient' | 'nobody') => Promise<TestResponse>) => {
    const pairs = [];
    for (let i = 0; i < REQUESTS; i++) pairs.push({ patient: await observe(() => send('patient')), nobody: await observe(() => send('nobody')) });
    return pairs;
  };

  const assessSame = (pairs: Awaited<ReturnType<typeof compare>>, status: number) => {
    for (const { patient, nobody } of pairs) {
      expect(nobody.answer).toEqual(patient.answer);
      expect(nobody.operations).toEqual(patient.operations);
    }
    expect(pairs.map((p) => p.patient.answer.status)).toEqual(Array(REQUESTS).fill(status));
    // Refusals are written: logged, then (in the flood) only counted, on both sides alike.
    expect(pairs[0]!.patient.operations.map((o) => o.command)).toContain('TransactWriteItemsCommand');
    expect(pairs.at(-1)!.patient.operations.find((o) => o.writes)?.writes).toEqual(['Put']);
    // Nothing of the unknown id's is written but its no-patient log.
    expect(new Set(pairs.flatMap((p) => p.nobody.written))).toEqual(new Set([noPatientPartition(BOROUGH, NOBODY)]));
  };

  it.each([
    ['a read (one BatchGetItem)', 'GET', '/crisis-plan', undefined],
    ['a list (a Query beside the consent read)', 'GET', '/log', undefined],
    ['a write', 'POST', '/measurements', { type: 'wellbeing', value: 7 }],
  ] as const)('%s refused on a patient and on no patient: same answer, same store operations', async (_name, method, path, body) => {
    // Prepare: a caller of their own for each case, so that each starts with no refusals logged.
    const caller = await t.issuer.sign({ id: `prober-${path.slice(1)}`, borough: BOROUGH, roles: ['clinician'], org: 'elft' });
    // Act
    const pairs = await compare((target) => t.call({ method, path: `/patients/${target === 'patient' ? PATIENT : NOBODY}${path}`, token: caller, ...(body ? { body } : {}) }));
    // Assess
    assessSame(pairs, 404);
    expect(pairs[0]!.patient.answer.headers['content-type']).toBe('application/problem+json');
  });

  it('a GP import for a patient who did not share and for an NHS number nobody holds: same results, same store operations, nothing written to any record', async () => {
    // Prepare
    const token = await t.tokenFor('gp-system');
    const bundle = (nhsNumber: string, i: number) =>
      gpBundle([gpObservation(`probe-${i}`, '39156-5', nhsNumber, { valueQuantity: { value: 24, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' } }, '2026-11-01T09:00:00Z')]);
    let i = 0;
    // Act
    const pairs = await compare((target) => {
      if (target === 'patient') i++;
      return t.call({ method: 'POST', path: '/imports/gp', token, body: bundle(target === 'patient' ? DEMO_NHS_NUMBERS[PATIENT]! : UNKNOWN_NHS, i) });
    });
    // Assess
    for (const { patient, nobody } of pairs) {
      expect(nobody.answer).toEqual(patient.answer);
      expect(nobody.operations).toEqual(patient.operations);
    }
    expect((pairs[0]!.patient.answer.body as { rejected: number }).rejected).toBe(1);
    const unknownWrites = new Set(pairs.flatMap((p) => p.nobody.written));
    expect(unknownWrites.size).toBe(1);
    expect([...unknownWrites][0]!.startsWith(noPatientPartition(BOROUGH, ''))).toBe(true);
    expect(pairs.flatMap((p) => p.nobody.written).some((pk) => pk.startsWith(`${boroughPrefix(BOROUGH)}#P#`))).toBe(false);
  });
  it('a GP import naming a patient who shared with the GP by a date of birth not hers, and an NHS number nobody holds: same results, same store operations, nothing written to her record', async () => {
    // Prepare: Sally shared health data with this GP; the bundle gives the day after her birthday.
    const token = await t.tokenFor('gp-system');
    const unknown = withCheckDigit('999000097')!;
    const sally = DEMO_NHS_NUMBERS.sally;
    const bundle = (nhsNumber: string, i: number) =>
      gpBundle([gpObservation(`dob-probe-${i}`, '39156-5', nhsNumber, { valueQuantity: { value: 24, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' } }, '2026-11-01T09:00:00Z')], {
        [sally]: '1984-03-15',
        [unknown]: '1984-03-15',
      });
    let i = 0;
    // Act
    const pairs = await compare((target) => {
      if (target === 'patient') i++;
      return t.call({ method: 'POST', path: '/imports/gp', token, body: bundle(target === 'patient' ? sally : unknown, i) });
    });
    // Assess
    for (const { patient, nobody } of pairs) {
      expect(nobody.answer).toEqual(patient.answer);
      expect(nobody.operations).toEqual(patient.operations);
    }
    expect((pairs[0]!.patient.answer.body as { rejected: number }).rejected).toBe(1);
    expect(pairs.flatMap((p) => [...p.patient.written, ...p.nobody.written]).some((pk) => pk.startsWith(`${boroughPrefix(BOROUGH)}#P#`))).toBe(false);
  });

  it("a paramedic's search for a patient without emergency sharing, with a wrong date of birth and for an unknown NHS number: same answer, same store operations", async () => {
    // Prepare: Sally allowed emergency sharing (seeded), Andre did not; a paramedic of their own per round.
    const reason = 'Called to the home: acute distress';
    const targets = {
      'no emergency sharing': { nhsNumber: DEMO_NHS_NUMBERS.andre, birthDate: '1991-07-02', reason },
      'wrong date of birth': { nhsNumber: DEMO_NHS_NUMBERS.sally, birthDate: '1984-03-15', reason },
      'unknown NHS number': { nhsNumber: UNKNOWN_NHS, birthDate: '1984-03-14', reason },
    };
    for (let round = 0; round < 3; round++) {
      const token = await t.issuer.sign({ id: `searching-paramedic-${round}`, borough: BOROUGH, roles: ['paramedic'], org: 'london-ambulance' });
      // Act
      const seen = [];
      for (const body of Object.values(targets)) seen.push(await observe(() => t.call({ method: 'POST', path: '/emergency-access', token, body })));
      // Assess
      for (const s of seen) {
        expect(s.answer).toEqual(seen[0]!.answer);
        expect(s.operations).toEqual(seen[0]!.operations);
      }
      expect(seen[0]!.answer.status).toBe(404);
      expect(seen[0]!.operations.map((o) => o.command)).toContain('TransactWriteItemsCommand');
    }
  });
});
