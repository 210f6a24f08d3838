import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { sendDigests } from '../../functions/notifications/digest';
import { USERS_PER_MESSAGE, type DigestMessage } from '../../functions/notifications/digest-messages';
import { PLANNER_RESERVE_MS, planDigests } from '../../functions/notifications/digest-planner';
import { digestText, makeDigestQueueHandler } from '../../functions/notifications/digest-worker';
import { makeNotificationsHandler } from '../../functions/notifications/make-handler';
import { loadBoroughs } from '../../infra/boroughs';
import { lambdaContext } from '../../infra/local/http-event';
import { inProcessQueue } from '../../shared/events/in-process-queue';
import type { MessageSender, OutgoingMessage } from '../../shared/events/messages';
import { DEFAULT_MAX_BODY_BYTES, makeDeps, type Deps } from '../../shared/runtime/deps';
import { batchWriteAll } from '../../shared/store/batch-write';
import { digestRecipientsPage, pendingDigest, queueForDigest } from '../../shared/store/digest-repository';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { inboxPage } from '../../shared/store/inbox-repository';
import { makeTestTable, type TestTable } from '../support/dynamo';

const borough = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
const DAY = '2031-03-04';
const at = (day: string, hour = 7) => new Date(`${day}T0${hour}:00:00.000Z`);

/** A recording sender that can be made to fail for some people, as SES would. */
const recorder = () => {
  const sent: OutgoingMessage[] = [];
  const failFor = new Set<string>();
  const sender: MessageSender = {
    send: async (m) => {
      if (failFor.has(m.userId)) throw new Error(`SES refused ${m.to}`);
      sent.push(m);
    },
  };
  return { sent, failFor, sender, to: (userId: string) => sent.filter((m) => m.userId === userId) };
};

const sqsEvent = (messages: Record<string, unknown>): SQSEvent => ({
  Records: Object.entries(messages).map(([messageId, body]) => ({
    messageId,
    receiptHandle: messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:digest',
    awsRegion: 'eu-west-2',
  })),
});

describe('the daily digest fanned out: planner, queue, worker (DynamoDB Local)', () => {
  const tables: TestTable[] = [];
  afterAll(async () => {
    await Promise.all(tables.map((t) => t.drop()));
  });

  /** A table of its own (the planner reads the whole borough's digest queue), with a clock at `now`. */
  const freshDeps = async (now = at(DAY)): Promise<Deps & { now: { value: Date } }> => {
    const table = await makeTestTable('digest');
    tables.push(table);
    const clock = { value: now };
    return { ...makeDeps('notifications', { borough, tableName: table.tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'test' }, table, { clock: () => clock.value }), now: clock };
  };

  /** People in the directory (with an email unless told), each with `items` digest items waiting. */
  const seed = async (deps: Deps, ids: string[], items: (i: number) => number, options: { noEmail?: string[] } = {}) => {
    await batchWriteAll(
      deps.store,
      ids.map((userId) => ({
        PutRequest: { Item: directoryUserItem(borough.id, { userId, roles: ['clinician'], ...(options.noEmail?.includes(userId) ? {} : { email: `${userId}@example.org` }) }) },
      })),
    );
    await Promise.all(ids.flatMap((userId, i) => Array.from({ length: items(i) }, (_, n) => queueForDigest(deps.store, borough.id, userId, `ev-${userId}-${n}`, `${DAY}T06:0${n}:00.000Z`))));
  };
  const people = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

  it('sends 120 people their digest, each once, through batches of at most 20 people; a re-run the same day sends nothing', async () => {
    // Prepare: 120 people with 1 to 3 items each, and 30 directory entries with nothing waiting.
    const deps = await freshDeps();
    const ids = people(120);
    await seed(deps, ids, (i) => (i % 3) + 1);
    await batchWriteAll(
      deps.store,
      people(30, 'idle').map((userId) => ({ PutRequest: { Item: directoryUserItem(borough.id, { userId, roles: ['patient'], email: `${userId}@example.org` }) } })),
    );
    const queue = inProcessQueue<DigestMessage>();
    const { sender, sent, to } = recorder();

    // Act: plan, then drain the queue through the worker as the event source mapping would.
    const plan = await planDigests(deps, queue, { day: DAY });
    const queued: DigestMessage[] = [];
    const drained = await queue.drain(async (event) => {
      queued.push(...event.Records.map((r) => JSON.parse(r.body) as DigestMessage));
      return makeDigestQueueHandler({ ...deps, messages: sender }, queue)(event);
    });

    // Assess: every person named once in some message, no message over 20, each sent one email saying only how many.
    expect(plan).toEqual({ recipients: 120, messages: 6, pages: 1, continued: false });
    expect(drained).toEqual({ handled: 6, deadLetters: [] });
    const named = queued.flatMap((m) => (m.kind === 'send' ? m.userIds : []));
    expect(named.sort()).toEqual(ids);
    for (const m of queued) expect(m.kind === 'send' && m.userIds.length <= USERS_PER_MESSAGE).toBe(true);
    expect(sent).toHaveLength(120);
    ids.forEach((id, i) => expect(to(id).map((m) => [m.channel, m.to, m.eventId, m.text])).toEqual([['email', `${id}@example.org`, `digest-${DAY}`, digestText((i % 3) + 1)]]));
    expect(new Set(sent.map((m) => m.text))).toEqual(new Set([1, 2, 3].map((n) => digestText(n))));
    expect(await digestRecipientsPage(deps.store, borough.id, { limit: 100 })).toEqual({ userIds: [] });

    // A re-run the same day (the local entry: planner, in-process queue, worker) sends nothing.
    expect(await sendDigests({ ...deps }, sender)).toEqual({ sent: 0 });
    expect(sent).toHaveLength(120);
  });

  it("pages with a small page size without naming anyone twice, though a person's items straddle pages", async () => {
    const deps = await freshDeps();
    const ids = people(25);
    await seed(deps, ids, () => 3);
    const queue = inProcessQueue<DigestMessage>();
    const plan = await planDigests(deps, queue, { day: DAY, pageSize: 7 });
    const { deadLetters } = await queue.drain(async () => undefined);
    expect(deadLetters).toEqual([]);
    // 7 items a page: two whole people and the first item of a third, who is then skipped past.
    expect(plan.pages).toBeGreaterThanOrEqual(Math.ceil(25 / 3));
    expect(plan.recipients).toBe(25);

    // The local entry with the same page size sends each of them one digest.
    const { sender, sent } = recorder();
    expect(await sendDigests(deps, sender, { pageSize: 7 })).toEqual({ sent: 25 });
    expect(sent.map((m) => m.userId).sort()).toEqual(ids);
  });

  it('queues its own continuation when time runs short, and the continuation plans the rest', async () => {
    const deps = await freshDeps();
    const ids = people(40);
    await seed(deps, ids, () => 1);
    const queue = inProcessQueue<DigestMessage>();
    // Prepare: time is short after the first page.
    const plan = await planDigests(deps, queue, { day: DAY, pageSize: 10, timeLeft: () => PLANNER_RESERVE_MS - 1 });
    expect(plan).toEqual({ recipients: 10, messages: 1, pages: 1, continued: true });

    const { sender, sent } = recorder();
    const kinds: string[] = [];
    const worker = makeDigestQueueHandler({ ...deps, messages: sender }, queue);
    await queue.drain(async (event) => {
      kinds.push(...event.Records.map((r) => (JSON.parse(r.body) as DigestMessage).kind));
      return worker(event, lambdaContext('notifications'));
    });
    expect(kinds.filter((k) => k === 'plan')).toHaveLength(1);
    expect(sent.map((m) => m.userId).sort()).toEqual(ids);
  });

  it("leaves what arrives after the day's digest for the next day's; clears unsent the items of someone with no email", async () => {
    const deps = await freshDeps();
    await seed(deps, ['early', 'nomail'], () => 2, { noEmail: ['nomail'] });
    const { sender, to } = recorder();
    expect(await sendDigests(deps, sender)).toEqual({ sent: 1 });
    expect(await pendingDigest(deps.store, borough.id, 'nomail')).toEqual([]);

    await queueForDigest(deps.store, borough.id, 'early', 'ev-late', `${DAY}T12:00:00.000Z`);
    expect(await sendDigests(deps, sender)).toEqual({ sent: 0 });
    expect(await pendingDigest(deps.store, borough.id, 'early')).toHaveLength(1);

    deps.now.value = at('2031-03-05');
    expect(await sendDigests(deps, sender)).toEqual({ sent: 1 });
    expect(to('early').map((m) => [m.eventId, m.text])).toEqual([
      [`digest-${DAY}`, digestText(2)],
      ['digest-2031-03-05', digestText(1)],
    ]);
  });

  it('reports only the message of a failing recipient as failed; its retry sends that one and no one twice', async () => {
    const deps = await freshDeps();
    await seed(deps, ['a1', 'a2', 'b1', 'b2', 'c1'], () => 1);
    const { sender, sent, failFor, to } = recorder();
    failFor.add('b2');
    const worker = makeDigestQueueHandler({ ...deps, messages: sender }, undefined);
    const send = (userIds: string[]) => ({ kind: 'send', day: DAY, userIds });

    const response = await worker(
      sqsEvent({ m1: send(['a1', 'a2']), m2: send(['b1', 'b2']), m3: send(['c1']), m4: 'not json', m5: { kind: 'send', day: DAY, userIds: [] } }),
      lambdaContext('notifications'),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm4', 'm5']);
    expect(sent.map((m) => m.userId).sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(JSON.stringify(sent)).not.toContain('SES refused');

    failFor.clear();
    expect(await worker(sqsEvent({ m2: send(['b1', 'b2']) }), lambdaContext('notifications'))).toEqual({ batchItemFailures: [] });
    expect(sent.map((m) => m.userId).sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
    expect(to('b1')).toHaveLength(1);
  });

  it('locally, a message that keeps failing ends as a dead letter and the run fails saying how many', async () => {
    const deps = await freshDeps();
    await seed(deps, ['ok', 'down'], () => 1);
    const { sender, failFor, to } = recorder();
    failFor.add('down');
    await expect(sendDigests(deps, sender)).rejects.toThrow('1 digest message(s) failed 3 times (1 digest email(s) sent)');
    expect(to('ok')).toHaveLength(1);
    expect(await pendingDigest(deps.store, borough.id, 'down')).toHaveLength(1);
  });

  describe('one function for every source (make-handler)', () => {
    it('hands SQS records to the digest worker and stream records to deliveries', async () => {
      const deps = await freshDeps();
      await seed(deps, ['queued'], () => 2);
      const { sender, to, sent } = recorder();
      const queue = inProcessQueue<DigestMessage>();
      const handler = makeNotificationsHandler({ ...deps, messages: sender }, { digestQueue: queue });
      const context = lambdaContext('notifications');

      // SQS (eventSource aws:sqs): the digest.
      expect(await handler(sqsEvent({ m1: { kind: 'send', day: DAY, userIds: ['queued'] } }), context)).toEqual({ batchItemFailures: [] });
      expect(to('queued').map((m) => m.text)).toEqual([digestText(2)]);

      // DynamoDB stream (eventSource aws:dynamodb): an outbox event delivered to the patient's inbox, no digest sent.
      const outbox = {
        pk: 'B#city-and-hackney#P#pat',
        sk: 'OUTBOX#x',
        entity: 'outbox',
        id: 'ev-stream',
        type: 'plan.contributed',
        borough: borough.id,
        partition: 'B#city-and-hackney#P#pat',
        occurredAt: `${DAY}T06:00:00.000Z`,
        data: { patientId: 'pat' },
      };
      const stream: DynamoDBStreamEvent = {
        Records: [{ eventID: '1', eventName: 'INSERT', eventSource: 'aws:dynamodb', awsRegion: 'eu-west-2', dynamodb: { NewImage: marshall(outbox) as never, SequenceNumber: '1' } }],
      };
      expect(await handler(stream, context)).toEqual({ batchItemFailures: [] });
      expect((await inboxPage(deps.store, borough.id, 'pat', { limit: 10 })).items.map((n) => n.type)).toEqual(['plan.contributed']);
      expect(sent).toHaveLength(1);

      // The schedule: plans onto the queue, sends nothing itself.
      await seed(deps, ['later'], () => 1);
      // The stream's delivery put the patient's news in their digest too (default preferences): two waiting, one message.
      expect(await handler({ digest: true }, context)).toEqual({ recipients: 2, messages: 1, pages: 1, continued: false });
      expect(sent).toHaveLength(1);
      await queue.drain((event) => handler(event, context) as Promise<{ batchItemFailures: { itemIdentifier: string }[] }>);
      expect(to('later')).toHaveLength(1);
    });

    it('fails the schedule, rather than skipping the digest, when no queue is configured', async () => {
      const deps = await freshDeps();
      await expect(makeNotificationsHandler(deps)({ digest: true }, lambdaContext('notifications'))).rejects.toThrow(/digest queue is not configured/);
    });
  });
});
