import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOutcomesStreamHandler } from '../../functions/outcomes/stream';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import { testEndpoint } from './dynamo';
import { BOROUGH, type TestPlatform } from './platform';

/**
 * The outcomes function on the test platform's stream (`streams: true`), delivering every batch twice:
 * at-least-once delivery must still count each fact once. `drain()` waits for what was written so far.
 */
export const startOutcomesPoller = (t: TestPlatform): StreamPoller => {
  const runtime = t.platform.boroughs.get(BOROUGH)!;
  const stream = makeOutcomesStreamHandler(runtime.deps);
  return startStreamPoller({
    endpoint: testEndpoint(),
    clients: t.platform.clients,
    tableName: runtime.deps.store.tableName,
    handler: async (event, context) => {
      await stream(event, context);
      return stream(event, context);
    },
    deadLetterFile: join(mkdtempSync(join(tmpdir(), 'outcomes-')), 'dead.jsonl'),
    intervalMs: 0,
    functionName: 'outcomes',
  });
};
