import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStreamHandler } from '../../functions/notifications/stream';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import type { MessageSender } from '../../shared/events/messages';
import { testEndpoint } from './dynamo';
import { BOROUGH, type TestPlatform } from './platform';

/**
 * The notifications function on the demo borough's stream, as `npm start` runs it, sending email and
 * SMS through `sender`; `drain()` waits until every record so far is handled.
 * @example const poller = startNotificationsPoller(t, fileSender(file)); await poller.drain();
 */
export const startNotificationsPoller = (t: TestPlatform, sender: MessageSender, options: { slowStepMs?: number } = {}): StreamPoller => {
  const runtime = t.platform.boroughs.get(BOROUGH)!;
  return startStreamPoller({
    endpoint: testEndpoint(),
    clients: t.platform.clients,
    tableName: runtime.deps.store.tableName,
    handler: makeStreamHandler({ ...runtime.deps, messages: sender }),
    deadLetterFile: join(mkdtempSync(join(tmpdir(), 'notifications-dead-')), 'dead.jsonl'),
    intervalMs: 0,
    ...options,
  });
};
