import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { deliver } from '../../functions/notifications/deliver';
import { sendAppointmentReminders } from '../../functions/notifications/appointment-reminders';
import { DEMO_BIRTH_DATES, DEMO_NHS_NUMBERS } from '../../infra/local/seed';
import { VIRTUAL_SERVICE_EXTENSION } from '../../shared/domain/appointments';
import type { DomainEvent } from '../../shared/events/outbox';
import { patientPartition } from '../../shared/store/keys';
import { issuesOfBundle, loadFhirDefinitions } from '../support/fhir-validator';
import type { Json } from '../support/json';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

const NHS_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const TRUST_IDS = 'https://elft.example.nhs.uk/appointments';

/** An Appointment as a trust system sends it: Sally's by default, at a Location unless told otherwise. */
const appointment = (id: string, fields: Json = {}, nhsNumber: string = DEMO_NHS_NUMBERS.sally): Json => ({
  resource: {
    resourceType: 'Appointment',
    identifier: [{ system: TRUST_IDS, value: id }],
    status: 'booked',
    appointmentType: { text: 'Psychotherapy session' },
    start: '2026-12-08T10:30:00Z',
    end: '2026-12-08T11:20:00Z',
    participant: [
      { actor: { identifier: { system: NHS_SYSTEM, value: nhsNumber } }, status: 'accepted' },
      { type: [{ text: 'Psychotherapist' }], actor: { reference: 'Practitioner/p1', display: 'Miriam Okafor' }, status: 'accepted' },
      { actor: { reference: 'Location/l1', display: 'Mile End Hospital, Bancroft Road, E1 4DG' }, status: 'accepted' },
    ],
    ...fields,
  },
});
const patient = (nhsNumber: string = DEMO_NHS_NUMBERS.sally, birthDate: string = DEMO_BIRTH_DATES.sally) => ({
  resource: { resourceType: 'Patient', identifier: [{ system: NHS_SYSTEM, value: nhsNumber }], birthDate },
});
/** A-1 moved a day later, by video, with no named practitioner. */
const A1_BY_VIDEO: Json = {
  start: '2026-12-09T10:30:00Z',
  end: '2026-12-09T11:20:00Z',
  extension: [{ url: VIRTUAL_SERVICE_EXTENSION, valueUrl: 'https://video.example.nhs.uk/room/77' }],
  participant: [
    { actor: { identifier: { system: NHS_SYSTEM, value: DEMO_NHS_NUMBERS.sally } }, status: 'accepted' },
    { type: [{ text: 'Psychotherapist' }], status: 'accepted' },
  ],
};
const bundle = (...entry: Json[]) => ({ resourceType: 'Bundle', type: 'collection', entry: [patient(), ...entry] });

describe('appointments from GP and trust systems: import, list, calendar file and reminder (clock injected)', () => {
  let t: TestPlatform;
  let now = new Date('2026-12-01T09:00:00Z');
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  const call = (method: string, path: string, user: string, body?: unknown, query?: string) =>
    t.call({ method, path, token: as(user), ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) });
  const send = async (body: unknown, system = 'elft-system') => {
    const res = await call('POST', '/imports/appointments', system, body);
    expect(res.status).toBe(200);
    return res.body as { results: Json[]; created: number; updated: number; cancelled: number; unchanged: number; rejected: number };
  };
  const deps = () => t.platform.boroughs.get(BOROUGH)!.deps;
  const items = async (patientId: string, prefix: string) => {
    const { store } = deps();
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patientId), ':s': prefix },
      }),
    );
    return Items;
  };
  const list = async (user = 'sally', patientId = 'me') => (await call('GET', `/patients/${patientId}/appointments`, user)).body as { upcoming: Json[]; past: Json[]; patient?: Json };

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    for (const u of ['sally', 'andre', 'miriam', 'coach', 'gp-beechwood', 'gp-system', 'elft-system']) tokens[u] = await t.tokenFor(u);
    const share = async (grantee: Json, scopes: string[]) => expect((await call('POST', '/patients/me/grants', 'sally', { grantee, scopes })).status).toBe(201);
    await share({ type: 'organisation', org: 'elft' }, ['health:contribute']);
    await share({ type: 'person', userId: 'coach' }, ['health:read']);
    loadFhirDefinitions();
  });
  afterAll(() => t.stop());

  it('creates, leaves unchanged, updates and cancels by the source identifier; the patient sees whom with by name, upcoming first', async () => {
    const first = await send(bundle(appointment('A-1'), appointment('A-2', { start: '2026-12-02T14:00:00Z', end: undefined, minutesDuration: 30 }), appointment('A-1')));
    expect(first.results).toEqual([
      { index: 0, result: 'patient' },
      { index: 1, identifier: 'A-1', result: 'created' },
      { index: 2, identifier: 'A-2', result: 'created' },
      { index: 3, identifier: 'A-1', result: 'unchanged' },
    ]);
    expect(await send(bundle(appointment('A-1')))).toMatchObject({ created: 0, unchanged: 1, rejected: 0 });

    const mine = await list();
    expect(mine.upcoming.map((a) => a.start)).toEqual(['2026-12-02T14:00:00.000Z', '2026-12-08T10:30:00.000Z']);
    expect(mine.upcoming[0]).toMatchObject({ end: '2026-12-02T14:30:00.000Z', with: 'ELFT · Psychotherapist', practitioner: 'Miriam Okafor', status: 'booked', sequence: 0 });
    expect(mine.upcoming[1]).toMatchObject({ location: 'Mile End Hospital, Bancroft Road, E1 4DG', what: 'Psychotherapy session' });
    expect(JSON.stringify(mine)).not.toMatch(/"elft"|A-1|patientId/);

    const moved = await send(bundle(appointment('A-1', A1_BY_VIDEO), appointment('A-2', { status: 'cancelled', start: '2026-12-02T14:00:00Z', end: '2026-12-02T14:30:00Z' })));
    expect(moved).toMatchObject({ updated: 1, cancelled: 1, created: 0 });
    const after = await list();
    expect(after.upcoming.find((a) => a.sequence === 1 && a.status === 'cancelled')).toBeDefined();
    const a1 = after.upcoming.find((a) => a.start === '2026-12-09T10:30:00.000Z');
    expect(a1).toMatchObject({ videoUrl: 'https://video.example.nhs.uk/room/77', sequence: 1, with: 'ELFT · Psychotherapist' });
    expect(a1?.location).toBeUndefined();
    expect(await items('sally', 'APPT#')).toHaveLength(2);
  });

  it('rejects each bad entry with why and writes nothing for it', async () => {
    const before = await items('sally', 'APPT#');
    const res = await send(
      bundle(
        appointment('B-past', { start: '2026-11-30T10:00:00Z', end: '2026-11-30T11:00:00Z' }),
        appointment('B-back', { end: '2026-12-08T09:00:00Z' }),
        appointment('B-nostart', { start: undefined }),
        appointment('B-status', { status: 'maybe' }),
        { resource: { resourceType: 'Observation', id: 'x' } },
        appointment('B-where', { participant: [{ actor: { identifier: { system: NHS_SYSTEM, value: DEMO_NHS_NUMBERS.sally } }, status: 'accepted' }] }),
        appointment('B-http', { extension: [{ url: VIRTUAL_SERVICE_EXTENSION, valueUrl: 'http://video.example/1' }] }),
        appointment('B-noid', { identifier: undefined }),
        appointment('B-nopatient', {}, DEMO_NHS_NUMBERS.andre),
      ),
    );
    const reasons = res.results.slice(1).map((r) => [r.result, r.reason]);
    expect(reasons).toEqual([
      ['rejected', expect.stringContaining('starts in the past')],
      ['rejected', 'Appointment ends before it starts'],
      ['rejected', 'Appointment has no start with a time zone'],
      ['rejected', expect.stringContaining('has status "maybe"')],
      ['rejected', 'is not an Appointment'],
      ['rejected', expect.stringContaining('says neither where')],
      ['rejected', expect.stringContaining('without an https valueUrl')],
      ['rejected', expect.stringContaining('has no identifier')],
      ['rejected', expect.stringContaining('no Patient entry in this bundle')],
    ]);
    expect(await items('sally', 'APPT#')).toEqual(before);
    // Over the limit: the whole bundle is refused, naming the field.
    const tooMany = await call('POST', '/imports/appointments', 'elft-system', bundle(...Array.from({ length: 101 }, (_, i) => appointment(`C-${i}`))));
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(tooMany.body)).toContain('body.entry');
  });

  it('refuses a patient who did not share, an unknown NHS number, a wrong date of birth and another borough’s patient with the same words; a past appointment may be updated', async () => {
    const notShared = 'no patient with this NHS number and date of birth has shared health data with your organisation';
    const andre = await send({ resourceType: 'Bundle', type: 'collection', entry: [patient(DEMO_NHS_NUMBERS.andre, DEMO_BIRTH_DATES.andre), appointment('D-1', {}, DEMO_NHS_NUMBERS.andre)] });
    const wrongBirth = await send({ resourceType: 'Bundle', type: 'collection', entry: [patient(DEMO_NHS_NUMBERS.sally, '1970-01-01'), appointment('D-2')] });
    const otherBorough = await send({ resourceType: 'Bundle', type: 'collection', entry: [patient('9990000034', '1980-01-01'), appointment('D-3', {}, '9990000034')] });
    // Beechwood's system may send appointments, but Sally shares health data with her GP practice only in the seeded demo, not here.
    const gp = await send(bundle(appointment('D-4')), 'gp-system');
    for (const r of [andre, wrongBirth, otherBorough, gp]) expect(r.results[1]).toMatchObject({ result: 'rejected', reason: notShared });
    expect(await items('andre', 'APPT#')).toEqual([]);
    expect(await items('sally', 'APPT#')).toHaveLength(2);
    // A week later the 9 December one happened: marking it fulfilled is fine.
    now = new Date('2026-12-10T09:00:00Z');
    const done = await send(bundle(appointment('A-1', { ...A1_BY_VIDEO, status: 'fulfilled' })));
    expect(done.results[1]).toMatchObject({ result: 'updated' });
    expect((await list()).past[0]).toMatchObject({ status: 'fulfilled', sequence: 2 });
    now = new Date('2026-12-01T09:00:00Z');
  });

  it('the care team with health:read sees them (audited, with the banner), a FHIR view validates; others get 404; systems and patients may not import', async () => {
    // Sharing health data with ELFT (to send appointments) lets its staff read them too; Beechwood's GP has no petal here.
    expect((await call('GET', '/patients/sally/appointments', 'gp-beechwood')).status).toBe(404);
    expect((await call('GET', '/patients/sally/appointments', 'andre')).status).toBe(404);
    const coach = await list('coach', 'sally');
    expect(coach.upcoming.length + coach.past.length).toBe(2);
    expect(coach.patient).toMatchObject({ name: expect.stringContaining('Sally') });
    const log = (await call('GET', '/patients/me/access-log', 'sally')).body as { items: Json[] };
    expect(log.items.find((i) => i.operation === 'GET /patients/{patientId}/appointments' && i.actorId === 'coach')).toMatchObject({ decision: 'allow', action: 'health:read' });
    expect(log.items.find((i) => i.operation === 'GET /patients/{patientId}/appointments' && i.actorId === 'gp-beechwood')).toMatchObject({ decision: 'deny' });
    expect(log.items.find((i) => i.operation === 'POST /imports/appointments')).toMatchObject({
      actorId: 'elft-system',
      actorLabel: 'East London NHS Foundation Trust clinical system',
      action: 'health:contribute',
      decision: 'allow',
    });

    const fhir = await call('GET', '/patients/sally/appointments', 'coach', undefined, 'format=fhir');
    expect(fhir.headers['content-type']).toContain('application/fhir+json');
    expect((fhir.body as Json).entry).toHaveLength(2);
    expect(issuesOfBundle(fhir.body as Json)).toEqual({});

    for (const user of ['sally', 'miriam']) expect((await call('POST', '/imports/appointments', user, bundle(appointment('E-1')))).status).toBe(403);
  });

  it('gives one appointment as a calendar file: the same UID, SEQUENCE bumped by changes, STATUS CANCELLED once cancelled, times in UTC', async () => {
    const { upcoming } = await list();
    const ics = async (appointmentId: string, user = 'sally', patientId = 'me') => call('GET', `/patients/${patientId}/appointments/${appointmentId}/calendar.ics`, user);
    const readEvent = (text: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent')!);
    const booked = upcoming.find((a) => a.status !== 'cancelled')!;
    const res = await ics(String(booked.appointmentId));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar');
    expect(res.headers['content-disposition']).toBe('attachment; filename="appointment.ics"');
    const event = readEvent(String(res.body));
    expect(event.uid).toBe(`${String(booked.appointmentId)}@city-and-hackney.recovery-platform`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-09T10:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-09T11:20:00.000Z');
    expect(event.summary).toBe('Appointment: ELFT · Psychotherapist');
    expect(event.location).toBe('Video call');
    expect(event.sequence).toBe(2);
    expect(event.component.getFirstPropertyValue('url')).toBe('https://video.example.nhs.uk/room/77');

    const cancelled = upcoming.find((a) => a.status === 'cancelled')!;
    const gone = readEvent(String((await ics(String(cancelled.appointmentId), 'coach', 'sally')).body));
    expect(gone.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(gone.sequence).toBe(1);
    expect((await ics(String(booked.appointmentId), 'gp-beechwood', 'sally')).status).toBe(404);
    expect((await ics('0123456789abcdef0123456789abcdef')).status).toBe(404);
    expect((await ics('constructor')).status).toBe(422);
  });

  it('reminds the patient the day before (in London), once, without whom or where; not for a cancelled one; a moved one on its new day', async () => {
    const deliverAll = async () => {
      const outbox = await items('sally', 'OUTBOX#');
      for (const item of outbox) await deliver(deps(), item as unknown as DomainEvent);
      return outbox.map((i) => i.type as string);
    };
    await send(bundle(appointment('R-1', { start: '2026-12-04T09:00:00Z', end: '2026-12-04T09:30:00Z' }), appointment('R-2', { start: '2026-12-04T15:00:00Z', end: '2026-12-04T15:30:00Z' })));
    await send(bundle(appointment('R-2', { status: 'cancelled', start: '2026-12-04T15:00:00Z', end: '2026-12-04T15:30:00Z' })));
    now = new Date('2026-12-02T08:00:00Z');
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 0 });
    now = new Date('2026-12-03T08:00:00Z');
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 1 });
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 0 });
    expect((await deliverAll()).filter((type) => type === 'appointment.reminder')).toHaveLength(1);
    const inbox = ((await call('GET', '/me/notifications', 'sally')).body as { items: Json[] }).items.filter((n) => n.type === 'appointment.reminder');
    expect(inbox).toHaveLength(1);
    expect(JSON.stringify(inbox)).not.toMatch(/ELFT|Psychotherap|Mile End|Miriam/);
    // Moved to the 6th: reminded again on the 5th, for its new day.
    await send(bundle(appointment('R-1', { start: '2026-12-06T09:00:00Z', end: '2026-12-06T09:30:00Z' })));
    now = new Date('2026-12-05T08:00:00Z');
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 1 });
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 0 });
    // Days are London's: 23:30 UTC on 10 June 2027 is half past midnight on the 11th (BST), reminded on the 10th.
    await send(bundle(appointment('R-3', { start: '2027-06-10T23:30:00Z', end: '2027-06-11T00:00:00Z' })));
    now = new Date('2027-06-09T08:00:00Z');
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 0 });
    now = new Date('2027-06-10T08:00:00Z');
    expect(await sendAppointmentReminders(deps())).toEqual({ sent: 1 });
    now = new Date('2026-12-01T09:00:00Z');
  });
});
