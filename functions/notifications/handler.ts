import { awsSender } from '../../shared/events/aws-messages';
import { tracedSqsWorkQueue } from '../../shared/events/work-queue';
import { depsFromEnv } from '../../shared/runtime/deps';
import { pushSenderFromEnv } from '../../shared/runtime/push-keys';
import type { DigestMessage } from './digest-messages';
import { makeNotificationsHandler } from './make-handler';

const deps = depsFromEnv('notifications');
// The digest queue, set by infra/constructs/stream-deliveries.ts; only the digest needs it, so a
// missing one fails the digest (alarmed), not the inbox routes or the stream.
const { digestQueueUrl } = deps.config;
export const handler = makeNotificationsHandler(
  { ...deps, messages: awsSender(deps.config.borough.notifications), push: pushSenderFromEnv(deps.config.borough.id) },
  digestQueueUrl ? { digestQueue: tracedSqsWorkQueue<DigestMessage>(digestQueueUrl, deps.observability.tracing.captureClient) } : {},
);
