// `npm run backup:restore-drill -- --borough B [--aws [--iam-role ARN] | --endpoint URL [--from FILE | --out FILE] [--audit-key FILE]] [--table NAME] [--keep]`:
// restores a borough's latest backup into a new table and verifies its audit chains there; exit 1
// unless it restored and every chain verifies. docs/operations-backup.md says when and why.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fail, parseArgs } from '../local/cli-args';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import { makeStoreClients } from '../../shared/store/client';
import { tableNameFor } from '../../shared/store/table-definition';
import { awsBackupVaults, backupRestoreSource } from './backup-restore-source';
import { boroughNamed } from './borough-arg';
import { auditToolsFromArgs } from './audit-tools';
import type { AuditKeyring } from '../../shared/domain/audit';
import { drillTableName, formatDrillReport, runRestoreDrill, type DrillOptions } from './drill-flow';
import { dynamoDrillTables } from './drill-tables';
import { exportFileSource } from './export-restore-source';
import { awsStackOutputs, boroughOutput } from './stack-outputs';
import { localClients, localEndpointFromArgs, localStore } from './store-from-args';
import { exportTable } from './table-export';

const USAGE = 'usage: npm run backup:restore-drill -- --borough <borough> [--aws [--iam-role ARN] | --endpoint URL [--from FILE | --out FILE] [--audit-key FILE]] [--table NAME] [--keep]';

/** Where a local export goes unless `--out` says: beside the local platform's data, git-ignored. */
const EXPORTS_DIR = join(__dirname, '..', '..', '.local', 'exports');

/** In AWS: the borough's vault and table by its stack's outputs, AWS Backup's latest recovery point. */
const awsDrill = async (args: Record<string, string>, borough: BoroughConfig): Promise<Omit<DrillOptions, 'boroughId' | 'keep'>> => {
  const outputs = awsStackOutputs();
  const tableName = args.table ?? (await boroughOutput(outputs, borough, 'TableName'));
  const vaultName = await boroughOutput(outputs, borough, 'BackupVaultName');
  return {
    source: backupRestoreSource({ backup: awsBackupVaults(borough.region), vaultName, tableName, ...(args['iam-role'] ? { iamRoleArn: args['iam-role'] } : {}) }),
    tables: dynamoDrillTables(makeStoreClients({ region: borough.region }), `(AWS, ${borough.region})`, await auditKeyring(args, borough)),
  };
};

/** Locally: the table exported to a file in DynamoDB's export format (or `--from` a file), imported into a new table. */
const localDrill = async (args: Record<string, string>, borough: BoroughConfig): Promise<Omit<DrillOptions, 'boroughId' | 'keep'>> => {
  const endpoint = localEndpointFromArgs(args);
  const clients = localClients(endpoint);
  const tables = dynamoDrillTables(clients, `at ${endpoint}`, await auditKeyring(args, borough));
  // An export file says nothing of when it was taken but its time of writing.
  if (args.from) return { source: exportFileSource(clients, args.from, statSync(args.from).mtime), tables };
  const live = localStore(endpoint, args.table ?? tableNameFor(borough.id));
  const exportedAt = new Date();
  const file = args.out ?? join(EXPORTS_DIR, `${drillTableName(borough.id, exportedAt).replace('-drill-', '-export-')}.jsonl`);
  const items = await exportTable(live, file);
  live.client.destroy();
  process.stdout.write(`Exported ${items} items of ${live.where} to ${file}\n`);
  return { source: exportFileSource(clients, file, exportedAt), tables };
};

/** The key the drill checks chains with: the borough's in AWS, the local key file (`--audit-key FILE`) locally. */
const auditKeyring = async (args: Record<string, string>, borough: BoroughConfig): Promise<AuditKeyring> => {
  const key = await (await auditToolsFromArgs(args, borough)).key.current();
  return new Map([[key.kid, key]]);
};

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true' || args.from === 'true' || args.out === 'true') fail(USAGE);
  if (args.aws === 'true' && (args.from || args.endpoint)) fail(`--aws restores AWS Backup's latest recovery point: --from and --endpoint are for a local drill.\n${USAGE}`);
  const borough = boroughNamed(args.borough);
  const drill = args.aws === 'true' ? await awsDrill(args, borough) : await localDrill(args, borough);
  const report = await runRestoreDrill({ boroughId: borough.id, keep: args.keep === 'true', ...drill });
  process.stdout.write(`${formatDrillReport(report)}\n`);
  process.exit(report.audit.ok ? 0 : 1);
};

main().catch((error: unknown) => fail(`backup:restore-drill failed: ${(error as Error).message}`));
