import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { makeStoreClients, type StoreClients } from '../../shared/store/client';
import { ensureTable } from '../../shared/store/create-table';

export interface TestTable extends StoreClients {
  tableName: string;
  drop(): Promise<void>;
}

/** The DynamoDB Local that jest's globalSetup started for this run. */
export const testEndpoint = (): string => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (globalSetup starts DynamoDB Local)');
  return endpoint;
};

/**
 * Whether a test's tables have their change stream. Off unless the test reads it: DynamoDB Local
 * keeps every stream record, of dropped tables too, in one store it scans on each write, so a suite
 * of streamed tables slows down file after file (7 times slower after 70 tables, measured).
 */
export interface StreamChoice {
  streams?: boolean;
}

/** A fresh table from the real definition, on the shared DynamoDB Local, for one test file. */
export const makeTestTable = async (prefix = 'test', { streams = false }: StreamChoice = {}): Promise<TestTable> => {
  const clients = makeStoreClients({ endpoint: testEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(clients.client, tableName, { streams });
  return {
    ...clients,
    tableName,
    drop: async () => {
      await clients.client.send(new DeleteTableCommand({ TableName: tableName }));
      clients.client.destroy();
    },
  };
};
