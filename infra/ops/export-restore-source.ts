import type { StoreClients } from '../../shared/store/client';
import type { RestoreSource } from './drill-flow';
import { createDrillTable } from './drill-tables';
import { importTable } from './table-export';

/**
 * The local drill's copy: an export file in DynamoDB's export format, imported into a new table
 * made from the project's table definition on the same DynamoDB Local.
 */
export const exportFileSource = (clients: StoreClients, file: string, takenAt: Date): RestoreSource => ({
  restoreInto: async (tableName) => {
    await createDrillTable(clients, tableName);
    const items = await importTable({ ...clients, tableName }, file);
    return { takenAt, source: `export ${file} (${items} items)` };
  },
});
