import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBorough } from '../../infra/local/seed';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { startNotificationsPoller } from '../support/notifications-poller';
import { fileSender } from '../../shared/events/messages';
import type { Json } from '../support/json';
import { sentMessages } from '../support/sent-messages';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Issue 22: messages between a patient and the people and teams she shares `messages` with, on the
 * real handlers and DynamoDB Local, with the notifications stream running as it does under npm start.
 */
const MONDAY_MORNING = new Date('2026-11-30T10:00:00Z');
const SATURDAY_EVENING = new Date('2026-11-28T19:00:00Z');

describe('messages between a patient and her care team on DynamoDB Local', () => {
  let t: TestPlatform;
  let poller: StreamPoller;
  let now = MONDAY_MORNING;
  const messagesFile = join(mkdtempSync(join(tmpdir(), 'messages-')), 'messages.jsonl');
  const sender = fileSender(messagesFile);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestPlatform({ streams: true, messages: sender, overrides: { clock: () => now } });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    poller = startNotificationsPoller(t, sender);
    for (const u of ['sally', 'andre', 'miriam', 'adam', 'coach']) tokens[u] = await t.tokenFor(u);
    tokens['other-borough'] = await t.tokenFor('clinician-1', 'newham');
    await poller.drain();
  }, 60_000);
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  const call = (user: string, method: string, path: string, body?: unknown) => t.call({ method, path, token: tokens[user], ...(body !== undefined ? { body } : {}) });
  const send = (user: string, patient: string, conversation: string, body: Json) => call(user, 'POST', `/patients/${patient}/conversations/${conversation}/messages`, body);
  const page = async (user: string, patient: string, conversation: string, query = '') => {
    const res = await t.call({ method: 'GET', path: `/patients/${patient}/conversations/${conversation}/messages`, token: tokens[user], ...(query ? { query } : {}) });
    return res;
  };
  const sent = (): Json[] => sentMessages(messagesFile);

  it('Sally writes to Miriam, Miriam reads it and answers with a video link: receipts, unread counts and notifications without the words', async () => {
    // Prepare: both hear of everything at once by email.
    for (const u of ['sally', 'miriam']) expect((await call(u, 'PUT', '/me/notification-preferences', { email: 'immediate', sms: 'off' })).status).toBe(200);

    // Act: Sally writes.
    const first = await send('sally', 'me', 'person:miriam', { text: '  Could we talk about the Kestrel group before Thursday?  ' });
    await poller.drain();

    // Assess: stored as written (trimmed), numbered, from Sally by name; Miriam has it unread and is told.
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ seq: 1, text: 'Could we talk about the Kestrel group before Thursday?', from: { userId: 'sally', name: 'Sally Brown', patient: true }, readBy: [] });
    const miriamsList = (await call('miriam', 'GET', '/patients/sally/conversations')).body as { items: Json[]; patient: Json };
    expect(miriamsList.items).toEqual([expect.objectContaining({ conversation: 'person:miriam', unread: 1, count: 1, canSend: true })]);
    expect(miriamsList.patient).toMatchObject({ name: 'Sally Brown', nhsNumber: expect.any(String) });
    const inbox = (await call('miriam', 'GET', '/me/notifications')).body as { items: Json[] };
    expect(inbox.items[0]).toMatchObject({ type: 'message.sent', title: 'Sally Brown sent you a message.', link: '/patients/sally/messages/person%3Amiriam' });
    const email = sent().find((m) => m.userId === 'miriam');
    expect(email).toMatchObject({ channel: 'email', text: 'You have a new message. Open the app to see.' });

    // Act: Miriam reads, then answers with a video call link on the borough's service.
    const read = await call('miriam', 'POST', '/patients/sally/conversations/person:miriam/read', { upTo: 1 });
    const answer = await send('miriam', 'sally', 'person:miriam', { text: 'Yes. Join me here at 2pm.', videoLink: 'https://video.recovery.example.nhs.uk/room/sally-2pm' });
    await poller.drain();

    // Assess: her receipt on Sally's message; Sally sees the answer unread, with its link, and is told who wrote.
    expect(read.body).toEqual({ upTo: 1, unread: 0 });
    expect(answer.status).toBe(201);
    const sallys = (await page('sally', 'me', 'person:miriam')).body as { items: Json[]; conversation: Json; safety: Json };
    expect(sallys.items.map((m) => [m.seq, m.from.name, m.videoLink ?? null])).toEqual([
      [2, 'Miriam Okafor', 'https://video.recovery.example.nhs.uk/room/sally-2pm'],
      [1, 'Sally Brown', null],
    ]);
    expect(sallys.items[1]!.readBy).toEqual([{ userId: 'miriam', name: 'Miriam Okafor', readAt: MONDAY_MORNING.toISOString() }]);
    expect(sallys.conversation).toMatchObject({ unread: 1, canSend: true, grantee: { type: 'person', label: expect.stringContaining('Miriam Okafor') } });
    expect(((await call('sally', 'GET', '/me/notifications')).body as { items: Json[] }).items[0]).toMatchObject({
      type: 'message.sent',
      title: 'Miriam Okafor sent you a message.',
      link: '/messages/person%3Amiriam',
    });
    // No email or SMS holds a word of either message, nor a name.
    for (const m of sent()) expect(`${String(m.subject)} ${String(m.text)}`).not.toMatch(/Kestrel|Thursday|2pm|room|Sally|Miriam|Okafor/);
  });

  it('shows the patient, on every conversation, when messages are read and what to do in a crisis', async () => {
    const res = (await page('sally', 'me', 'person:miriam')).body as { safety: Json };
    expect(res.safety.readIn).toBe('Monday to Friday, 09:00 to 17:00');
    expect(res.safety.urgentNumbers).toEqual(expect.arrayContaining([expect.objectContaining({ number: '111' }), expect.objectContaining({ number: '999' })]));
    // Her crisis plan's contacts (the seed gives her some): the people she said to call.
    const crisis = (await call('sally', 'GET', '/patients/me/crisis-plan')).body as { contacts: Json[] };
    expect(res.safety.crisisContacts).toEqual(crisis.contacts);
    // Staff do not get the patient's safety box (it is hers).
    const staffs = (await page('miriam', 'sally', 'person:miriam')).body as Json;
    expect(staffs).not.toHaveProperty('safety');
    // Staff are told which video call service a link may name; the patient is not (she sends none).
    expect(staffs.videoHosts).toEqual(['video.recovery.example.nhs.uk']);
    expect(res).not.toHaveProperty('videoHosts');
  });

  it('tells the patient when a message sent out of working hours will likely be read', async () => {
    now = SATURDAY_EVENING;
    try {
      const res = await send('sally', 'me', 'person:miriam', { text: 'Weekend thought' });
      expect(res.body).toMatchObject({ likelyReadFrom: '2026-11-30T09:00:00.000Z' });
    } finally {
      now = MONDAY_MORNING;
    }
    const inHours = await send('sally', 'me', 'person:miriam', { text: 'Monday thought' });
    expect(inHours.body).not.toHaveProperty('likelyReadFrom');
  });

  it('pages newest first with a cursor, and reading up to a message counts the rest as unread', async () => {
    // Prepare: 5 more from Sally (4 so far in all).
    for (let i = 1; i <= 5; i++) expect((await send('sally', 'me', 'person:miriam', { text: `Note ${i}` })).status).toBe(201);
    // Act
    const one = (await page('miriam', 'sally', 'person:miriam', 'limit=4')).body as { items: Json[]; nextCursor: string };
    const two = (await page('miriam', 'sally', 'person:miriam', `limit=4&cursor=${one.nextCursor}`)).body as { items: Json[]; nextCursor?: string };
    const partly = await call('miriam', 'POST', '/patients/sally/conversations/person:miriam/read', { upTo: 6 });
    // Assess
    expect([...one.items, ...two.items].map((m) => m.seq)).toEqual([9, 8, 7, 6, 5, 4, 3, 2]);
    expect(partly.body).toEqual({ upTo: 6, unread: 3 });
    const list = (await call('miriam', 'GET', '/patients/sally/conversations')).body as { items: Json[] };
    expect(list.items[0]).toMatchObject({ conversation: 'person:miriam', unread: 3, count: 9 });
    // Reading back to an earlier message never unreads what was read.
    expect((await call('miriam', 'POST', '/patients/sally/conversations/person:miriam/read', { upTo: 2 })).body).toEqual({ upTo: 6, unread: 3 });
    // A message that does not exist yet is not readable.
    expect((await call('miriam', 'POST', '/patients/sally/conversations/person:miriam/read', { upTo: 99 })).status).toBe(422);
  });

  it('takes a video call link only from the care team, only https, only on the borough’s approved host', async () => {
    const refused = async (user: string, patient: string, videoLink: string) => {
      const res = await send(user, patient, 'person:miriam', { text: 'Call', videoLink });
      return [res.status, (res.body as { errors?: Json[] }).errors?.[0]?.field];
    };
    expect(await refused('miriam', 'sally', 'http://video.recovery.example.nhs.uk/room/1')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://video.recovery.example.nhs.uk.evil.example/room/1')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://user@video.recovery.example.nhs.uk/room/1')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://zoom.example.com/j/1')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'not a link')).toEqual([422, 'body.videoLink']);
    // Read one way by a browser and another by other parsers, or not as typed: refused, never stored raw.
    expect(await refused('miriam', 'sally', 'https://video.recovery.example.nhs.uk\\@evil.example/r')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://video.recovery.example.nhs.uk:8443/r')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://video\uff0erecovery.example.nhs.uk/r')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', 'https://video.recovery.example.nhs.uk/r\n\nCall 0900')).toEqual([422, 'body.videoLink']);
    expect(await refused('miriam', 'sally', ' https://video.recovery.example.nhs.uk/r')).toEqual([422, 'body.videoLink']);
    expect(await refused('sally', 'me', 'https://video.recovery.example.nhs.uk/room/1')).toEqual([422, 'body.videoLink']);
    // Nothing was written by any of them.
    expect(((await page('miriam', 'sally', 'person:miriam')).body as { conversation: Json }).conversation.count).toBe(9);
    // A link in capitals is kept the one standard way it is served.
    const upper = await send('miriam', 'sally', 'person:miriam', { text: 'Call', videoLink: 'HTTPS://VIDEO.RECOVERY.EXAMPLE.NHS.UK/Room-7' });
    expect(upper.body).toMatchObject({ videoLink: 'https://video.recovery.example.nhs.uk/Room-7' });
  });

  it('refuses whoever the conversation is not theirs: no messages scope, another grantee, another patient, another borough; and bad input', async () => {
    const count = async () => ((await page('sally', 'me', 'person:miriam')).body as { conversation: Json }).conversation.count;
    const before = await count();
    // Coach has Sally's plan, not messages; Adam has no grant of his own; Andre is another patient.
    expect((await page('coach', 'sally', 'person:coach')).status).toBe(404);
    expect((await send('coach', 'sally', 'person:coach', { text: 'Hi' })).status).toBe(404);
    expect((await page('adam', 'sally', 'person:miriam')).status).toBe(404);
    expect((await page('coach', 'sally', 'person:miriam')).status).toBe(404);
    expect((await page('andre', 'sally', 'person:miriam')).status).toBe(404);
    expect((await send('andre', 'sally', 'person:miriam', { text: 'Hi' })).status).toBe(404);
    expect((await page('miriam', 'andre', 'person:miriam')).status).toBe(404);
    const other = await t.call({ method: 'GET', path: '/patients/sally/conversations/person:miriam/messages', token: tokens['other-borough'] });
    expect(other.status).toBe(403);
    // The patient cannot write to someone she does not share messages with.
    expect((await send('sally', 'me', 'person:coach', { text: 'Hi' })).status).toBe(409);
    // Bad input: a blank message, a long one, control characters, an unknown field, a malformed conversation.
    expect((await send('sally', 'me', 'person:miriam', { text: '   ' })).status).toBe(422);
    expect((await send('sally', 'me', 'person:miriam', { text: 'x'.repeat(2001) })).status).toBe(422);
    expect((await send('sally', 'me', 'person:miriam', { text: 'bell\u0007' })).status).toBe(422);
    expect((await send('sally', 'me', 'person:miriam', { text: 'half a \ud800 character' })).status).toBe(422);
    // A conversation id names nobody to her unless she shares (or shared) with them: no one's name is looked up through it.
    for (const nobody of ['person:andre', 'person:adam', 'person:synth-00001']) {
      const res = await page('sally', 'me', nobody);
      expect([nobody, res.status, JSON.stringify(res.body).includes('Andre') || JSON.stringify(res.body).includes('Adam')]).toEqual([nobody, 404, false]);
    }
    expect((await send('sally', 'me', 'person:miriam', { text: 'Hi', extra: 1 })).status).toBe(422);
    for (const bad of ['miriam', 'person:', 'team:elft', 'person:__proto__x:y', 'organisation:ELFT', 'constructor']) {
      const res = await send('sally', 'me', encodeURIComponent(bad), { text: 'Hi' });
      expect([bad, res.status, res.headers['content-type']]).toEqual([bad, 422, 'application/problem+json']);
    }
    expect(await count()).toBe(before);
  });

  it('a team conversation is read by its members holding the grant; revoking it ends their access to the whole conversation at once, the patient keeps it', async () => {
    // Prepare: Sally shares messages with ELFT as a team.
    const grant = await call('sally', 'POST', '/patients/me/grants', { grantee: { type: 'organisation', org: 'elft' }, scopes: ['messages'] });
    expect(grant.status).toBe(201);
    expect((await send('sally', 'me', 'organisation:elft', { text: 'To the team' })).status).toBe(201);
    await poller.drain();
    // Both ELFT members see it and are told; Adam reads it; Miriam flags it for follow-up.
    const adamsList = (await call('adam', 'GET', '/patients/sally/conversations')).body as { items: Json[] };
    expect(adamsList.items.map((c) => [c.conversation, c.unread])).toEqual([['organisation:elft', 1]]);
    expect(((await call('adam', 'GET', '/me/notifications')).body as { items: Json[] }).items.find((n) => n.type === 'message.sent')).toMatchObject({ title: 'Sally Brown sent your team a message.' });
    expect((await call('adam', 'POST', '/patients/sally/conversations/organisation:elft/read', { upTo: 1 })).status).toBe(200);
    const flagged = await call('miriam', 'PUT', '/patients/sally/conversations/organisation:elft/messages/1/flag', { flagged: true });
    expect(flagged.body).toMatchObject({ flag: { by: { name: 'Miriam Okafor' } } });
    const teamView = (await page('miriam', 'sally', 'organisation:elft')).body as { items: Json[] };
    expect(teamView.items[0]).toMatchObject({ readBy: [expect.objectContaining({ name: expect.stringContaining('Adam') })], flag: { by: { name: 'Miriam Okafor' } } });
    // Sally sees Adam read it, never the flag; she cannot flag.
    const hers = (await page('sally', 'me', 'organisation:elft')).body as { items: Json[] };
    expect(hers.items[0]).not.toHaveProperty('flag');
    expect((await call('sally', 'PUT', '/patients/me/conversations/organisation:elft/messages/1/flag', { flagged: true })).status).toBe(403);

    // Act: Sally removes the team's petal.
    const grantId = String((grant.body as Json).grantId);
    expect((await call('sally', 'DELETE', `/patients/me/grants/${grantId}`)).status).toBe(204);

    // Assess: nobody of the team can open, send, read or flag any of it; Sally keeps it, and cannot send.
    expect((await page('adam', 'sally', 'organisation:elft')).status).toBe(404);
    expect((await send('miriam', 'sally', 'organisation:elft', { text: 'Still here?' })).status).toBe(404);
    expect((await call('adam', 'POST', '/patients/sally/conversations/organisation:elft/read', { upTo: 1 })).status).toBe(404);
    expect((await call('miriam', 'PUT', '/patients/sally/conversations/organisation:elft/messages/1/flag', { flagged: false })).status).toBe(404);
    expect((await call('adam', 'GET', '/patients/sally/conversations')).status).toBe(404);
    const kept = (await page('sally', 'me', 'organisation:elft')).body as { items: Json[]; conversation: Json };
    expect(kept.items.map((m) => m.text)).toEqual(['To the team']);
    expect(kept.conversation).toMatchObject({ canSend: false });
    expect((await send('sally', 'me', 'organisation:elft', { text: 'Hello?' })).status).toBe(409);
    // Miriam's own conversation, under her own grant, is untouched.
    expect((await page('miriam', 'sally', 'person:miriam')).status).toBe(200);
  });

  it("lists the patient's conversations, and the people she may start one with", async () => {
    const list = (await call('sally', 'GET', '/patients/me/conversations')).body as { items: Json[] };
    expect(list.items.map((c) => [c.conversation, c.canSend])).toEqual([
      ['organisation:elft', false],
      ['person:miriam', true],
    ]);
    // Miriam's answer and her link are the messages from the other side she has not read yet.
    expect(list.items[1]).toMatchObject({ unread: 2, grantee: { label: expect.stringContaining('Miriam Okafor') } });
    const count = Number(list.items[1]!.count);
    expect((await call('sally', 'POST', '/patients/me/conversations/person:miriam/read', { upTo: count })).body).toEqual({ upTo: count, unread: 0 });
  });

  it('audits every read and write of the care team in her access log', async () => {
    const log = (await call('sally', 'GET', '/patients/me/access-log', undefined)).body as { items: Json[] };
    const mine = log.items.filter((i) => i.action === 'messages');
    expect(mine.map((i) => i.operation)).toEqual(
      expect.arrayContaining([
        'GET /patients/{patientId}/conversations/{conversation}/messages',
        'POST /patients/{patientId}/conversations/{conversation}/messages',
        'POST /patients/{patientId}/conversations/{conversation}/read',
      ]),
    );
    expect(mine.every((i) => i.actorId !== 'sally')).toBe(true);
  });

  it('gives the conversation as FHIR R4 Communications', async () => {
    const res = await page('sally', 'me', 'person:miriam', 'format=fhir&limit=2');
    expect(res.headers['content-type']).toBe('application/fhir+json');
    const bundle = res.body as { resourceType: string; entry: { resource: Json }[] };
    expect(bundle.resourceType).toBe('Bundle');
    // Newest first: Miriam's link, then Sally's last note.
    expect(bundle.entry[0]!.resource).toMatchObject({ resourceType: 'Communication', status: 'completed', sender: { reference: 'Practitioner/miriam' }, recipient: [{ reference: 'Patient/sally' }] });
    expect(bundle.entry[0]!.resource.payload).toEqual([
      { contentString: 'Call' },
      { contentAttachment: { contentType: 'text/uri-list', url: 'https://video.recovery.example.nhs.uk/Room-7', title: 'Video call' } },
    ]);
    expect(bundle.entry[1]!.resource).toMatchObject({
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: 'Patient/sally' },
      sender: { reference: 'Patient/sally' },
      recipient: [{ reference: 'Practitioner/miriam' }],
    });
    expect(bundle.entry[1]!.resource.payload).toEqual([{ contentString: 'Note 5' }]);
  });
});
