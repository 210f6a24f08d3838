import type { WorkQueue } from '../../shared/events/work-queue';
import { chunk } from '../../shared/events/work-queue';
import type { Deps } from '../../shared/runtime/deps';
import { digestRecipientsPage } from '../../shared/store/digest-repository';
import { USERS_PER_MESSAGE, type DigestMessage } from './digest-messages';

/** Digest items read per page: about 250 KB of the index, a few hundred milliseconds with its sends. */
export const PLANNER_PAGE_SIZE = 1000;

/** Time a planner keeps in hand: with less left it queues its continuation instead of another page. */
export const PLANNER_RESERVE_MS = 3000;

export interface PlanOptions {
  /** The digest's day (YYYY-MM-DD): every message carries it, so a late one still sends that day's digest once. */
  day: string;
  /** Start past this user (a continuation); from the first otherwise. */
  after?: string;
  pageSize?: number;
  /** Milliseconds left of the invocation (Lambda's context); no limit when absent (local runs). */
  timeLeft?: () => number;
}

export interface PlanResult {
  recipients: number;
  messages: number;
  pages: number;
  /** The planner ran out of time and queued its continuation. */
  continued: boolean;
}

/**
 * The digest planner: who has digest items waiting (the sparse digest queue index, page by page, never
 * the directory), queued as `send` messages of up to USERS_PER_MESSAGE people. Memory holds one page;
 * when time runs short it queues a `plan` message to go on from where it stopped.
 */
export const planDigests = async (deps: Deps, queue: WorkQueue<DigestMessage>, options: PlanOptions): Promise<PlanResult> => {
  const borough = deps.config.borough.id;
  const result: PlanResult = { recipients: 0, messages: 0, pages: 0, continued: false };
  let after = options.after;
  do {
    if (result.pages > 0 && options.timeLeft && options.timeLeft() < PLANNER_RESERVE_MS) {
      await queue.send([{ kind: 'plan', day: options.day, ...(after === undefined ? {} : { after }) }]);
      result.continued = true;
      break;
    }
    const page = await digestRecipientsPage(deps.store, borough, { limit: options.pageSize ?? PLANNER_PAGE_SIZE, ...(after === undefined ? {} : { after }) });
    const messages = chunk(page.userIds, USERS_PER_MESSAGE).map((userIds): DigestMessage => ({ kind: 'send', day: options.day, userIds }));
    await queue.send(messages);
    result.pages++;
    result.recipients += page.userIds.length;
    result.messages += messages.length;
    after = page.after;
  } while (after !== undefined);
  deps.observability.logger.info('digest planned', { ...result, day: options.day });
  return result;
};
