// `npm start`: the whole platform on this machine (design decision 10).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// The functions run on nodejs22.x in AWS; this machine's Node 20 only concerns local runs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BOROUGHS_DIR, BoroughsFolderError, loadBoroughs } from '../boroughs';
import { BoroughConfigError, type BoroughConfig } from '../../shared/domain/borough-config';
import { fail, parseArgs } from './cli-args';
import { demoUsers } from './demo-users';
import { LocalPlatformError, startDynamoLocal, type DynamoLocal } from './dynamo-local';
import { localIssuer } from './issuer';
import { fileAuditKey, localAnchorSigner, localKeyBytes } from '../../shared/runtime/audit-key';
import { LOCAL_ANCHORS_DIR, LOCAL_AUDIT_KEY_FILE } from '../ops/audit-tools';
import { LOCAL_ANCHOR_MS, startAuditAnchors } from './audit-anchors';
import { createPlatform } from './platform';
import { seedBorough } from './seed';
import { seedStartupSynthetic, startupPatients, startupSyntheticLine } from './startup-synthetic';
import { createLocalServer } from './server';
import { DEAD_LETTER_FILE, localStreamsPaused, MESSAGES_FILE, OUTCOME_DEAD_LETTER_FILE, PUSH_FILE, removePlatformFile, VAPID_FILE, writePlatformFile } from './platform-file';
import { fileSender } from '../../shared/events/messages';
import { localPushSender } from './local-push-keys';
import { startBoroughPollers } from './borough-pollers';
import { startAlertSweeps } from './alert-sweeps';
import { displayBase, listenFailure, listenHost, probeListen } from './listen-host';
import { required } from '../required';

const DEMO_BOROUGH = 'city-and-hackney';

/**
 * The borough files of `--boroughs DIR`, or of infra/boroughs. loadBoroughs refuses a missing or
 * empty folder (a platform with no borough would look like success); its hint is the CDK's, so the
 * message is said again in `npm start`'s terms.
 */
const boroughsOf = (folder: string | undefined): BoroughConfig[] => {
  if (folder === 'true') fail('--boroughs needs a folder of <id>.json borough files, e.g. --boroughs infra/boroughs.');
  try {
    return loadBoroughs(folder === undefined ? undefined : resolve(folder));
  } catch (error) {
    if (!(error instanceof BoroughsFolderError)) throw error;
    const path = resolve(folder ?? BOROUGHS_DIR);
    const why = !existsSync(path) ? 'does not exist' : statSync(path).isDirectory() ? 'holds no <id>.json borough file' : 'is not a folder';
    return fail(`Borough folder ${folder ?? path} ${why}: --boroughs needs a folder of <id>.json borough files (infra/boroughs holds the demo borough).`);
  }
};

/** A borough's seeded people by role, then its system clients: the names `npm run token` takes. */
const seededNames = (borough: BoroughConfig): string => {
  const groups = new Map<string, string[]>();
  const add = (kind: string, id: string) => groups.set(kind, [...(groups.get(kind) ?? []), id]);
  for (const user of demoUsers(borough.id)) add(user.roles.join(','), user.id);
  for (const client of borough.integrations) add('system client', client.id);
  return [...groups].map(([kind, ids]) => `${kind} ${ids.join(', ')}`).join('; ');
};

/** What `npm start -- --<option>` takes; anything else is refused rather than silently ignored. */
const START_OPTIONS = ['port', 'host', 'data', 'boroughs', 'synthetic'];

/** Set once DynamoDB Local runs, so that a failure after that stops it instead of leaving it behind. */
let dynamo: DynamoLocal | undefined;

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const unknown = Object.keys(args).find((name) => !START_OPTIONS.includes(name));
  if (unknown !== undefined) fail(`npm start has no option --${unknown}; its options: ${START_OPTIONS.map((o) => `--${o}`).join(', ')} (README, Quick start).`);
  // --port wins over PORT: a flag typed on this command line is what was meant.
  const portText = args.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${args.port === undefined ? 'PORT' : '--port'} must be a port number, not "${portText}".`);
  const { host, warning } = listenHost(args);
  const boroughs = boroughsOf(args.boroughs);
  const dataDir = args.data && args.data !== 'true' ? resolve(args.data) : undefined;
  const synthetic = startupPatients(args.synthetic, dataDir !== undefined);
  if (typeof synthetic !== 'number') fail(synthetic.problem);
  const cannotListen = await probeListen(port, host);
  if (cannotListen) fail(listenFailure(cannotListen, host, port));

  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await startDynamoLocal(dataDir ? { dataDir } : { inMemory: true });
  dynamo = db;
  const issuer = await localIssuer();
  // The audit key is made on the first start and kept: only it verifies the chains it sealed.
  const auditSecret = localKeyBytes(LOCAL_AUDIT_KEY_FILE);
  // Anchors belong to the data they anchor: beside --data, else a folder of this in-memory run.
  const anchorsDir = dataDir ? join(dataDir, 'audit-anchors') : join(LOCAL_ANCHORS_DIR, `memory-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const platform = await createPlatform({
    endpoint: db.endpoint,
    boroughs,
    issuer,
    messages: fileSender(MESSAGES_FILE),
    webOrigin: displayBase(host, port),
    // Push to the stand-in push service of this server only (infra/local/local-push.ts), with the key made on the first start.
    localPushOrigin: displayBase(host, port),
    overrides: { auditKey: fileAuditKey(LOCAL_AUDIT_KEY_FILE), push: localPushSender() },
  });
  const demo = platform.boroughs.get(DEMO_BOROUGH);
  // The synthetic patients' bulk writes go on beside the demo seed's many small ones.
  const [seeded] = await Promise.all([demo && synthetic > 0 ? seedStartupSynthetic(demo, synthetic) : undefined, ...[...platform.boroughs.values()].map(seedBorough)]);
  const pollers = [...platform.boroughs.values()].flatMap((runtime) =>
    startBoroughPollers(runtime, {
      endpoint: db.endpoint,
      clients: platform.clients,
      deadLetters: { notifications: DEAD_LETTER_FILE, outcomes: OUTCOME_DEAD_LETTER_FILE },
      messages: fileSender(MESSAGES_FILE),
      paused: localStreamsPaused,
    }),
  );

  // Red alerts nobody answered in time go to the duty teams (in AWS, a schedule every minute).
  const sweeps = startAlertSweeps([...platform.boroughs.values()]);
  // Every borough's chain heads, signed into the anchor folder (in AWS, a schedule every hour).
  const anchoring = startAuditAnchors([...platform.boroughs.values()], anchorsDir, localAnchorSigner(auditSecret));

  const server = createLocalServer(platform, issuer);
  await new Promise<void>((done, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(new LocalPlatformError(listenFailure(error, host, port)));
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      done();
    });
  });

  // Before anything is printed: whoever reads "Ctrl-C stops" may send it at once.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    for (const poller of pollers) poller.stop();
    sweeps.stop();
    anchoring.stop();
    platform.close();
    removePlatformFile(port);
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const base = displayBase(host, port);
  writePlatformFile({ dynamoEndpoint: db.endpoint, url: base, port, pid: process.pid, anchorsDir });
  const first = required(boroughs.find((b) => b.id === DEMO_BOROUGH) ?? boroughs[0], 'a borough');
  const lines = [
    `Recovery platform running at ${base} (DynamoDB Local ${dataDir ? `keeping data in ${dataDir}` : 'in memory'})`,
    `  Web front end: open ${base}/ in a browser and sign in as any seeded person`,
    ...boroughs.map((b) => `  ${b.name}: ${base}/${b.id}/   API docs: ${base}/${b.id}/docs   OpenAPI: ${base}/${b.id}/openapi.json`),
    `  JWKS of the local token issuer: ${base}/.well-known/jwks.json`,
    '',
    'Seeded people and system clients, by borough:',
    ...boroughs.map((b) => `  ${b.id}: ${seededNames(b)}`),
    ...(demo ? [startupSyntheticLine(DEMO_BOROUGH, synthetic, args.synthetic !== undefined, seeded?.skipped ?? 0)] : []),
    '',
    'A dev token (valid 12 h) for any of them, and a first call:',
    `  TOKEN=$(npm run --silent token -- --borough ${first.id} --user ${required(demoUsers(first.id)[0], `a demo user of ${first.id}`).id})`,
    `  curl -H "Authorization: Bearer $TOKEN" ${base}/${first.id}/me`,
    '',
    `Notifications: inboxes at /<borough>/me/notifications; email and SMS go to ${MESSAGES_FILE}, pushes to ${base}/local-push/<id> (recorded in ${PUSH_FILE}, VAPID key ${VAPID_FILE}); deliveries that keep failing to ${DEAD_LETTER_FILE} (npm run notifications:replay)`,
    `Outcome report: /<borough>/borough/outcomes (operator), kept from the stream; failed updates to ${OUTCOME_DEAD_LETTER_FILE} (npm run outcomes:rebuild -- --borough B)`,
    `Audit log: sealed with ${LOCAL_AUDIT_KEY_FILE}; anchored every ${LOCAL_ANCHOR_MS / 60_000} minutes into ${anchorsDir} (npm run audit:verify -- --borough B)`,
    'Ctrl-C stops the platform and DynamoDB Local.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (warning) process.stderr.write(`\n${warning}\n`);
};

main().catch(async (error: unknown) => {
  await dynamo?.stop();
  if (error instanceof BoroughConfigError || error instanceof LocalPlatformError) fail(error.message);
  fail(`Could not start the platform: ${error instanceof Error ? error.message : String(error)}`);
});
