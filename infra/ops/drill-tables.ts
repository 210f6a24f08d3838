import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, paginateScan, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { StoreClients } from '../../shared/store/client';
import type { AuditKeyring } from '../../shared/domain/audit';
import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { createTableInput } from '../../shared/store/create-table';
import type { DrillTables } from './drill-flow';

/** How long a restored table may take to become active once its restore is done. */
const ACTIVE_WAIT_SECONDS = 15 * 60;

/**
 * The drill's tables on DynamoDB: in AWS (a borough's region) or on a DynamoDB Local. Chains are
 * checked with the audit key only, not against the latest anchor: a backup is older than the anchors
 * written since, so its heads are expected to be behind them.
 */
export const dynamoDrillTables = (clients: StoreClients, place: string, keys: AuditKeyring): DrillTables => ({
  exists: async (TableName) => {
    try {
      await clients.client.send(new DescribeTableCommand({ TableName }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  },
  waitUntilActive: async (TableName) => {
    await waitUntilTableExists({ client: clients.client, minDelay: 1, maxDelay: 20, maxWaitTime: ACTIVE_WAIT_SECONDS }, { TableName });
  },
  countItems: async (TableName) => {
    let items = 0;
    for await (const page of paginateScan({ client: clients.client }, { TableName, Select: 'COUNT' })) items += page.Count ?? 0;
    return items;
  },
  verifyAudit: (tableName, boroughId) => verifyBoroughAudit({ ...clients, tableName }, boroughId, keys),
  delete: async (TableName) => {
    try {
      await clients.client.send(new DeleteTableCommand({ TableName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  },
  where: (tableName) => `${tableName} ${place}`,
});

/**
 * A new, empty table from the project's table definition, as the local platform makes them, without
 * its stream: nothing consumes a drill copy's changes (a table AWS Backup restores has none either).
 */
export const createDrillTable = async (clients: StoreClients, TableName: string): Promise<void> => {
  const { StreamSpecification: _noStream, ...input } = createTableInput(TableName);
  await clients.client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: clients.client, minDelay: 1, maxDelay: 2, maxWaitTime: 60 }, { TableName });
};
