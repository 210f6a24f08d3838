// `npm run notifications:replay`: delivers again what the local platform dead-lettered.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

import { makeStreamHandler } from '../../functions/notifications/stream';
import { loadBoroughs } from '../boroughs';
import { fail, parseArgs } from '../local/cli-args';
import { DEAD_LETTER_FILE, findPlatform, MESSAGES_FILE } from '../local/platform-file';
import { localPushSender } from '../local/local-push-keys';
import { kmsPushSender } from '../../shared/runtime/push-keys';
import { replayDeadLetters } from '../local/replay';
import { fileSender } from '../../shared/events/messages';
import { makeDeps, DEFAULT_MAX_BODY_BYTES } from '../../shared/runtime/deps';
import { tableNameFor } from '../../shared/store/table-definition';
import { localEndpointFromArgs, localStore, storeFromArgs } from './store-from-args';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { awsSender } from '../../shared/events/aws-messages';
import { lambdaContext } from '../local/http-event';
import { batchInfoOf, recordsOfFailedBatch } from './failed-batch';

/**
 * In AWS (`--aws --borough B --queue-url URL`): each dead-letter message names a failed batch's stream
 * positions; the batch is read back from the stream and handed to the same handler, and the message
 * is deleted once every record went through.
 */
const replayFromAws = async (args: Record<string, string>): Promise<void> => {
  const borough = loadBoroughs().find((b) => b.id === args.borough);
  if (!borough || !args['queue-url']) return fail('usage: npm run notifications:replay -- --aws --borough <borough> --queue-url <dead-letter queue URL>');
  // The borough's table by its stack's output, and every client in the borough's region, not the profile's.
  const store = await storeFromArgs(args, borough);
  const deps = makeDeps('notifications', { borough, tableName: store.tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'replay' }, store, {
    messages: awsSender(borough.notifications),
    push: kmsPushSender(borough.id),
  });
  const handler = makeStreamHandler(deps);
  const sqs = new SQSClient({ region: borough.region });
  const streams = new DynamoDBStreamsClient({ region: borough.region });
  let replayed = 0;
  let failed = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: args['queue-url'], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const info = batchInfoOf(message.Body ?? '');
      const records = info ? await recordsOfFailedBatch(streams, info) : [];
      const result = records.length ? await handler({ Records: records }, lambdaContext('notifications-replay')).catch(() => undefined) : undefined;
      if (result && result.batchItemFailures.length === 0) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: args['queue-url'], ReceiptHandle: message.ReceiptHandle }));
        replayed++;
      } else failed++;
    }
  }
  process.stdout.write(`replayed ${replayed} batch(es); still failing ${failed}\n`);
  process.exit(failed > 0 ? 1 : 0);
};

/** The running platform's origin, where its stand-in push service is (none when it cannot be told: local pushes are then skipped). */
const localPushOriginOf = (args: Record<string, string>): { localPushOrigin?: string } => {
  try {
    return { localPushOrigin: findPlatform(args.port === undefined ? undefined : Number(args.port)).url };
  } catch {
    return {};
  }
};

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args.aws === 'true') return replayFromAws(args);
  const boroughs = loadBoroughs();
  const result = await replayDeadLetters(args.file ?? DEAD_LETTER_FILE, (tableName) => {
    const borough = boroughs.find((b) => tableNameFor(b.id) === tableName || args.table === tableName);
    if (!borough) return undefined;
    const store = localStore(localEndpointFromArgs(args), tableName);
    // Pushes to the running platform's stand-in push service, as npm start sends them.
    const deps = makeDeps('notifications', { borough, tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'local', ...localPushOriginOf(args) }, store, {
      messages: fileSender(MESSAGES_FILE),
      push: localPushSender(),
    });
    return makeStreamHandler(deps);
  });
  process.stdout.write(`replayed ${result.replayed}; still failing ${result.failed}\n`);
  process.exit(result.failed > 0 ? 1 : 0);
};

main().catch((error: unknown) => fail(`notifications:replay failed: ${(error as Error).message}`));
