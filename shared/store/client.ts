import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/**
 * The DynamoDB clients every repository uses. Small retry budget: a request path should fail fast
 * (503) rather than hang when the database is away.
 * @example const { doc } = makeStoreClients({ region: 'eu-west-2' })
 */
export const makeStoreClients = (config: DynamoDBClientConfig = {}): StoreClients => {
  const client = new DynamoDBClient({ maxAttempts: 3, ...config });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
};
