import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageSender } from '../../shared/events/messages';
import { messageText } from '../../shared/domain/notifications';
import type { WorkQueue } from '../../shared/events/work-queue';
import type { Deps } from '../../shared/runtime/deps';
import { eachLimited } from '../../shared/store/batch-write';
import { claimMessage, confirmMessage } from '../../shared/store/channel-repository';
import { clearDigestItem, digestEmailOf, pendingDigest } from '../../shared/store/digest-repository';
import { parseDigestMessage, type DigestMessage } from './digest-messages';
import { planDigests } from './digest-planner';

/** People of one message sent to at once: enough to finish a message quickly, few enough for SES's send rate. */
const SENDS_AT_ONCE = 4;

/** The digest's text: how many, never what, and the address of the inbox in the web front end. */
export const digestText = (count: number, webOrigin?: string): string =>
  messageText(webOrigin, `You have ${String(count)} new notification${count === 1 ? '' : 's'} in the recovery platform.`, '/notifications');

/**
 * One person's digest of `day`: one email saying how many notifications wait, then those are cleared.
 * Idempotent: a second run finds them cleared, or the day's email already sent (then what arrived
 * since waits for the next day's). A person without an email address has their items cleared unsent:
 * the in-app inbox still holds every notification. Returns whether an email went.
 */
export const sendDigestTo = async (deps: Deps, sender: MessageSender, userId: string, day: string): Promise<boolean> => {
  const { store } = deps;
  const borough = deps.config.borough.id;
  const pending = await pendingDigest(store, borough, userId);
  if (pending.length === 0) return false;
  const email = await digestEmailOf(store, borough, userId);
  const digestId = `digest-${day}`;
  const clear = () => Promise.all(pending.map((item) => clearDigestItem(store, borough, userId, item.sk)));
  if (!email) {
    await clear();
    return false;
  }
  if (!(await claimMessage(store, borough, userId, digestId, 'email'))) return false;
  await sender.send({ channel: 'email', to: email, userId, eventId: digestId, subject: 'Recovery platform: your daily summary', text: digestText(pending.length, deps.config.webOrigin) });
  // Cleared before the send is confirmed: a confirmed digest's items are gone, so what waits after it is news.
  await clear();
  await confirmMessage(store, borough, userId, digestId, 'email');
  return true;
};

/** Some people of a message could not be sent their digest: the message is retried (the others' are done). */
export class DigestBatchError extends Error {
  constructor(failed: number, of: number) {
    super(`digest failed for ${failed} of ${of} people`);
    this.name = 'DigestBatchError';
  }
}

/**
 * The digest queue's consumer (SQS event source): each record on its own (Powertools batch), so a
 * message with a failing send is reported alone (partial batch response), retried, then dead-lettered.
 * A `plan` record is the planner's continuation and queues the next messages.
 */
export const makeDigestQueueHandler = (deps: Deps, queue: WorkQueue<DigestMessage> | undefined) => {
  const processor = new BatchProcessor(EventType.SQS);
  const { logger } = deps.observability;
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const record = async (r: SQSRecord): Promise<void> => {
      const message = parseDigestMessage(r.body);
      if (message.kind === 'plan') {
        if (!queue) throw new Error('the digest queue is not configured');
        await planDigests(deps, queue, {
          day: message.day,
          ...(message.after === undefined ? {} : { after: message.after }),
          ...(context ? { timeLeft: () => context.getRemainingTimeInMillis() } : {}),
        });
        return;
      }
      const sender = deps.messages;
      if (!sender) throw new Error('no message sender is configured');
      let sent = 0;
      let failed = 0;
      // Every person of the message is tried; a failure fails the message, whose retry finds the others done.
      await eachLimited(message.userIds, SENDS_AT_ONCE, async (userId) => {
        try {
          if (await sendDigestTo(deps, sender, userId, message.day)) sent++;
        } catch (error) {
          failed++;
          // The error's name only: a provider's message may quote the address.
          logger.warn('digest failed', { messageId: r.messageId, userId, error: (error as Error).name });
        }
      });
      logger.info('digests sent', { messageId: r.messageId, day: message.day, people: message.userIds.length, sent, failed });
      if (failed > 0) throw new DigestBatchError(failed, message.userIds.length);
    };
    return processPartialResponse(event, record, processor, context ? { context } : {});
  };
};
