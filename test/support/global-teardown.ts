import type { DynamoLocal } from '../../infra/local/dynamo-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dynamo__?: DynamoLocal }).__dynamo__?.stop();
}
