process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { startDynamoLocal } from '../../infra/local/dynamo-local';

/** One DynamoDB Local for the whole run; each test file makes its own tables on it. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoLocal({ inMemory: true });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo__?: typeof dynamo }).__dynamo__ = dynamo;
}
