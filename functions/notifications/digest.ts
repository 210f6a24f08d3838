import { inProcessQueue } from '../../shared/events/in-process-queue';
import type { MessageSender } from '../../shared/events/messages';
import type { Deps } from '../../shared/runtime/deps';
import { DIGEST_BATCH_SIZE, DIGEST_MAX_RECEIVES, digestDay, type DigestMessage } from './digest-messages';
import { planDigests, type PlanOptions } from './digest-planner';
import { makeDigestQueueHandler } from './digest-worker';

/** Some digest messages failed every try (locally: what AWS would dead-letter). */
export class DigestDeadLettersError extends Error {
  constructor(count: number, sent: number) {
    super(`${count} digest message(s) failed ${DIGEST_MAX_RECEIVES} times (${sent} digest email(s) sent)`);
    this.name = 'DigestDeadLettersError';
  }
}

/**
 * The daily digest, run here and now: one email per person with waiting non-urgent notifications,
 * saying how many (never what). The same planner and worker as in AWS, with the queue in process
 * (`npm run notifications:digest`, tests); running it twice the same day sends nothing twice.
 * @example await sendDigests(deps, fileSender('.local/messages.jsonl'))
 */
export const sendDigests = async (deps: Deps, sender: MessageSender, options: Pick<PlanOptions, 'pageSize'> = {}): Promise<{ sent: number }> => {
  let sent = 0;
  const counting: MessageSender = {
    send: async (message) => {
      await sender.send(message);
      sent++;
    },
  };
  const queue = inProcessQueue<DigestMessage>();
  await planDigests(deps, queue, { day: digestDay(deps.clock()), ...options });
  const { deadLetters } = await queue.drain(makeDigestQueueHandler({ ...deps, messages: counting }, queue), { batchSize: DIGEST_BATCH_SIZE, maxReceives: DIGEST_MAX_RECEIVES });
  if (deadLetters.length > 0) throw new DigestDeadLettersError(deadLetters.length, sent);
  return { sent };
};
