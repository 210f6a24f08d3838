import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepAlerts } from '../../functions/notifications/alert-sweep';
import { sendDigests } from '../../functions/notifications/digest';
import { seedBorough } from '../../infra/local/seed';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { startNotificationsPoller } from '../support/notifications-poller';
import { fileSender } from '../../shared/events/messages';
import type { Json } from '../support/json';
import { sentMessages } from '../support/sent-messages';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Issue 21 item 3, "notification bodies checked against a list of the patient's own words": Sally
 * writes words no template could hold by chance in every part of her record (a goal and its step, a
 * red update's note, her log, her crisis plan, a PHB request, a message to Miriam and Miriam's answer
 * quoting it, and a request refused for its form), then
 * everything that tells people of it runs for real: the stream poller's deliveries (each urgent and
 * each immediate email and SMS), the escalation sweep, the daily digest. No email or SMS, and no line
 * the platform logged meanwhile (Powertools at DEBUG, the poller's reports), holds any of her words.
 */
const HER_WORDS = ['Zephyrine', 'Quixotic', 'Wolframite', 'Marzipan', 'Obsidian', 'Tangerine', 'Vermilion', 'Philomena', 'Xylophone', 'Juniper', 'Quartzite', 'Gossamer'];
/** Names that the subject and text of an email or SMS never carry either (the app shows them). */
const NAMES = ['Sally', 'Brown', 'Okafor'];

describe("a patient's own words never leave the app", () => {
  let t: TestPlatform;
  let poller: StreamPoller;
  let now = new Date();
  const messagesFile = join(mkdtempSync(join(tmpdir(), 'words-')), 'messages.jsonl');
  const sender = fileSender(messagesFile);
  const logged: string[] = [];
  const restore: (() => void)[] = [];
  const tokens: Record<string, string> = {};
  const savedLevel = process.env.POWERTOOLS_LOG_LEVEL;

  /** Everything written to stdout, stderr or the console from here on, kept and not shown. */
  const captureLogs = () => {
    for (const stream of [process.stdout, process.stderr]) {
      const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
      restore.push(() => spy.mockRestore());
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
      restore.push(() => spy.mockRestore());
    }
  };

  beforeAll(async () => {
    // Loggers read their level when the platform makes them: everything, for this file.
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    captureLogs();
    t = await startTestPlatform({ streams: true, messages: sender, webOrigin: 'http://localhost:3999', overrides: { clock: () => now } });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    poller = startNotificationsPoller(t, sender, { slowStepMs: 0 });
    for (const u of ['sally', 'miriam', 'coach', 'advisor', 'paramedic', 'duty-elft']) tokens[u] = await t.tokenFor(u);
    await poller.drain();
  }, 60_000);
  afterAll(async () => {
    poller.stop();
    await t.stop();
    for (const r of restore) r();
    process.env.POWERTOOLS_LOG_LEVEL = savedLevel;
  });

  const call = async (user: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    t.call({ method, path, token: tokens[user], ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const sent = (): Json[] => sentMessages(messagesFile);
  const found = (text: string, words: string[]) => words.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

  it('none of the words she wrote in a goal, a red update, her log, her crisis plan, a PHB request or a message is in any email, SMS or log line', async () => {
    // Prepare: everyone hears of everything at once, by email, and of urgent news by SMS too.
    for (const user of Object.keys(tokens)) expect((await call(user, 'PUT', '/me/notification-preferences', { email: 'immediate', sms: 'urgent' })).status).toBe(200);

    // Sally writes in every part of her record.
    const goal = await call('sally', 'POST', '/patients/me/goals', { category: 'social', description: 'Zephyrine allotment mornings with Gossamer' });
    expect(goal.status).toBe(201);
    const goalId = String((goal.body as Json).goalId);
    expect((await call('sally', 'POST', `/patients/me/goals/${goalId}/steps`, { text: 'Plant the Quixotic seedlings' })).status).toBe(201);
    expect((await call('sally', 'POST', '/patients/me/log', { text: 'Heard the Marzipan voices again', mood: 2 })).status).toBe(201);
    const crisis = await call('sally', 'GET', '/patients/me/crisis-plan');
    const version = String(crisis.headers.etag ?? '"0"');
    const plan = {
      warningSigns: ['Obsidian pacing at night'],
      whatHelps: ['The Tangerine lighthouse walk'],
      whatToAvoid: ['Vermilion crowds'],
      contacts: [{ name: 'Auntie Philomena', phone: '07700 900456' }],
    };
    expect((await call('sally', 'PUT', '/patients/me/crisis-plan', plan, { 'if-match': version })).status).toBe(200);
    // A change refused for its stale version, and a log entry refused for its form, carry her words too.
    expect((await call('sally', 'PUT', '/patients/me/crisis-plan', plan, { 'if-match': version })).status).toBe(412);
    expect((await call('sally', 'POST', '/patients/me/log', { text: 'Marzipan', mood: 2, secret: 'Quartzite' })).status).toBe(422);
    const phb = await call('sally', 'POST', '/patients/me/phb-requests', {
      category: 'tablet',
      item: 'Xylophone tablet',
      amountPence: 9000,
      goalId,
      whyItHelps: 'Juniper video calls with my group',
      alternativesConsidered: 'The Quartzite library, which is far',
    });
    expect(phb.status).toBe(201);
    // A message to Miriam, and her answer quoting it: each side is told there is a new message.
    expect((await call('sally', 'POST', '/patients/me/conversations/person:miriam/messages', { text: 'The Juniper group asked about Philomena' })).status).toBe(201);
    expect((await call('miriam', 'POST', '/patients/sally/conversations/person:miriam/messages', { text: 'About Juniper and Philomena: yes' })).status).toBe(201);
    // Red, with a note: the care team is told at once (email and SMS).
    expect((await call('sally', 'POST', `/patients/me/goals/${goalId}/updates`, { status: 'red', note: 'Wolframite night, everything is too much' })).status).toBe(201);
    expect((await call('sally', 'POST', '/patients/me/goals/seed-goal-sleep/updates', { status: 'red', note: 'Wolframite again' })).status).toBe(201);

    // Act: all that tells people of it.
    await poller.drain();
    const alerts = ((await call('miriam', 'GET', '/patients/sally/alerts')).body as { items: Json[] }).items.filter((a) => a.status === 'open');
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const [answered, unanswered] = [alerts.find((a) => a.goalId === goalId)!, alerts.find((a) => a.goalId === 'seed-goal-sleep')!];
    expect((await call('miriam', 'POST', `/patients/sally/alerts/${answered.alertId}/acknowledgement`)).status).toBe(200);
    expect((await call('miriam', 'POST', `/patients/sally/goals/${goalId}/steps`, { text: 'Call the allotment office' })).status).toBe(201);
    const requestId = String((phb.body as Json).requestId);
    expect((await call('advisor', 'POST', `/phb-requests/${requestId}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await call('paramedic', 'POST', '/emergency-access', { nhsNumber: '999 000 0018', birthDate: '1984-03-14', reason: 'Called to the home: acute distress' })).status).toBe(201);
    // Nobody answers the other alert: a week later the sweep escalates it to the duty team.
    now = new Date(now.getTime() + 7 * 24 * 3600_000);
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await runtime.runAs('notifications', () => sweepAlerts(runtime.deps))();
    await poller.drain();
    await sendDigests(runtime.deps, sender);
    expect(((await call('sally', 'GET', '/patients/me/alerts')).body as { items: Json[] }).items.find((a) => a.alertId === unanswered.alertId)).toMatchObject({ status: 'escalated' });

    // Assess: real messages went to each kind of person, and the platform logged as it went.
    const messages = sent();
    const to = (userId: string) => messages.filter((m) => m.userId === userId).map((m) => m.channel);
    expect(to('miriam')).toEqual(expect.arrayContaining(['email', 'sms']));
    expect(to('duty-elft')).toEqual(expect.arrayContaining(['email', 'sms']));
    expect(to('sally')).toEqual(expect.arrayContaining(['email', 'sms']));
    expect(to('advisor')).toContain('email');
    expect(logged.join('').length).toBeGreaterThan(0);
    expect(logged.some((line) => line.includes('"message":"delivered"'))).toBe(true);

    const leaks = [
      ...messages.flatMap((m) => found(JSON.stringify(m), HER_WORDS).map((word) => ({ where: `${String(m.channel)} to ${String(m.userId)}: ${String(m.text)}`, word }))),
      // Names as written (case kept): the seeded ids (`sally`) are in the links, and ids may be.
      ...messages.flatMap((m) =>
        NAMES.filter((name) => `${String(m.subject)} ${String(m.text)}`.includes(name)).map((word) => ({ where: `${String(m.channel)} to ${String(m.userId)}: ${String(m.text)}`, word })),
      ),
      ...logged.flatMap((line) => found(line, HER_WORDS).map((word) => ({ where: `log: ${line.slice(0, 300)}`, word }))),
    ];
    expect(leaks).toEqual([]);
  }, 90_000);
});
