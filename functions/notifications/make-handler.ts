import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import type { WorkQueue } from '../../shared/events/work-queue';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { digestDay, type DigestMessage } from './digest-messages';
import { planDigests } from './digest-planner';
import { makeDigestQueueHandler } from './digest-worker';
import { routes } from './routes';
import { sweepAlerts, type AlertSweepEvent } from './alert-sweep';
import { makeStreamHandler } from './stream';
import { sendReviewReminders } from './review-reminders';
import { sendAppointmentReminders } from './appointment-reminders';
import { sendPhbReviewReminders } from './phb-review-reminders';

/** The scheduled event (EventBridge) that asks for the daily digest. */
export interface DigestEvent {
  digest: true;
}

export type NotificationsEvent = HttpEvent | DynamoDBStreamEvent | SQSEvent | DigestEvent | AlertSweepEvent;

/** Records from the digest queue (SQS), as opposed to the table's stream (every record of a batch shares its source). */
export const isSqsEvent = (event: DynamoDBStreamEvent | SQSEvent): event is SQSEvent => event.Records[0]?.eventSource === 'aws:sqs';

/**
 * One function for the service: the table's stream (deliveries), the daily digest (the schedule plans,
 * the digest queue sends), the red alerts' escalation sweep (every minute) and the inbox routes.
 */
export const makeNotificationsHandler = (deps: Deps, options: { digestQueue?: WorkQueue<DigestMessage> } = {}) => {
  const http = makeHttpHandler(routes, deps);
  const stream = makeStreamHandler(deps);
  const digestQueue = makeDigestQueueHandler(deps, options.digestQueue);
  return (event: NotificationsEvent, context: Context) => {
    if ('Records' in event) return isSqsEvent(event) ? digestQueue(event, context) : stream(event, context);
    if ('alertSweep' in event) return sweepAlerts(deps);
    if ('digest' in event) {
      if (!options.digestQueue) return Promise.reject(new Error('the digest queue is not configured (DIGEST_QUEUE_URL)'));
      // The plan review reminders, the PHB reviews due and tomorrow's appointments share the digest's daily schedule: one rule, one alarm.
      const digestQueue = options.digestQueue;
      return sendReviewReminders(deps)
        .then(() => sendPhbReviewReminders(deps))
        .then(() => sendAppointmentReminders(deps))
        .then(() => planDigests(deps, digestQueue, { day: digestDay(deps.clock()), timeLeft: () => context.getRemainingTimeInMillis() }));
    }
    return http(event, context);
  };
};
