import type { Accounts } from './accounts';
import { fileAuditKey, NO_AUDIT_KEY, type AnchorSigner, type AuditKey } from './audit-key';
import { s3AnchorStore, type AnchorStore } from './anchor-store';
import { S3Client } from '@aws-sdk/client-s3';
import type { BoroughConfig, Integration } from '../domain/borough-config';
import { parseBoroughConfig } from '../domain/borough-config';
import type { EventPublisher } from '../events/outbox';
import type { MessageSender } from '../events/messages';
import type { PushSender } from '../events/push';
import { tableOutbox } from '../events/outbox';
import { makeStoreClients, type StoreClients } from '../store/client';
import { makeObservability, type Observability } from './observability';
import { KMSClient } from '@aws-sdk/client-kms';
import { auditAnchorKeyAlias, auditChainKeyAlias, kmsAnchorSigner, kmsAuditKey } from './kms-audit-key';
import { NO_TRACING, type Tracing } from './tracing';

export interface AppConfig {
  borough: BoroughConfig;
  tableName: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  version: string;
  /** The borough's system clients: OAuth client id to integration id (borough file `integrations`). */
  integrationClients?: Readonly<Record<string, string>>;
  /** The digest queue (infra/constructs/stream-deliveries.ts); set on the notifications function only. */
  digestQueueUrl?: string;
  /** The borough's web front end (`https://...`, no path), for the links of emails and SMS; set on the notifications function only. */
  webOrigin?: string;
  /**
   * The local platform's push stand-in (`http://127.0.0.1:<port>`), the one origin besides the known
   * push services that push subscriptions may name (shared/domain/push.ts); set by the local platform
   * and tests only, never in AWS.
   */
  localPushOrigin?: string;
}

/** The borough's system clients by OAuth client id, as the borough file describes them. */
export const systemClients = (config: AppConfig): Map<string, Integration> =>
  new Map(
    Object.entries(config.integrationClients ?? {}).flatMap(([clientId, id]) => {
      const integration = config.borough.integrations.find((i) => i.id === id);
      return integration ? [[clientId, integration] as const] : [];
    }),
  );

export interface Store extends StoreClients {
  tableName: string;
}

/** What every handler factory is given (design decision 2). */
export interface Deps {
  config: AppConfig;
  store: Store;
  clock: () => Date;
  ids: () => string;
  publisher: EventPublisher;
  observability: Observability;
  /** Email and SMS (only the notifications function sends any). */
  messages?: MessageSender;
  /** Web Push with the borough's VAPID key (only the notifications function has it). */
  push?: PushSender;
  /** People's accounts (only the boroughs function creates and disables any). */
  accounts?: Accounts;
  /** The key that seals audit entries (shared/runtime/audit-key.ts): KMS-derived in AWS, a key file locally, a fixed key in tests. */
  auditKey: AuditKey;
  /** Where anchors of the audit chain heads go and what signs them (only the anchor function has any). */
  anchoring?: { signer: AnchorSigner; anchors: AnchorStore };
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Reads a required environment variable once; a missing one stops the cold start with its name. */
const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
};

/** Everything else a handler needs, around a config and store clients. */
export const makeDeps = (service: string, config: AppConfig, clients: StoreClients, overrides: Partial<Omit<Deps, 'config' | 'store'>> = {}, tracing: Tracing = NO_TRACING): Deps => ({
  config,
  store: { ...clients, tableName: config.tableName },
  clock: () => new Date(),
  ids: () => crypto.randomUUID(),
  publisher: tableOutbox(config.tableName),
  observability: makeObservability(service, config.borough.id, tracing),
  auditKey: NO_AUDIT_KEY,
  ...overrides,
});

/**
 * The Powertools Tracer where the borough turned it on (`observability.tracer`), else none. The stack
 * sets Powertools' own switch from the borough file and also writes it into the bundle as a constant
 * (esbuild `define`, infra/constructs/service-function.ts): with the Tracer off this branch is dead
 * code, so esbuild leaves the Tracer out of the bundle instead of merely not loading it.
 */
const tracingFromEnv = (service: string): Tracing =>
  // A require, not an import: only a branch esbuild can drop keeps the Tracer out of the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  process.env.POWERTOOLS_TRACE_ENABLED === 'true' ? (require('./powertools-tracing') as typeof import('./powertools-tracing')).powertoolsTracing(service) : NO_TRACING;

/**
 * The only place that reads `process.env`: a Lambda's deps, from what the CDK stack set.
 * @example export const handler = makeBoroughsHandler(depsFromEnv('boroughs'))
 */
export const depsFromEnv = (service: string): Deps => {
  const borough = parseBoroughConfig(JSON.parse(requireEnv('BOROUGH_CONFIG')), 'BOROUGH_CONFIG');
  const config: AppConfig = {
    borough,
    tableName: requireEnv('TABLE_NAME'),
    maxBodyBytes: Number(process.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES),
    version: process.env.APP_VERSION ?? 'dev',
    // The stack names each system's OAuth client: { integration id: client id }.
    integrationClients: Object.fromEntries(Object.entries(JSON.parse(process.env.INTEGRATION_CLIENTS ?? '{}') as Record<string, string>).map(([id, clientId]) => [clientId, id])),
    ...(process.env.DIGEST_QUEUE_URL ? { digestQueueUrl: process.env.DIGEST_QUEUE_URL } : {}),
    ...(process.env.WEB_ORIGIN ? { webOrigin: process.env.WEB_ORIGIN } : {}),
  };
  // The borough's KMS HMAC key by its alias: only the functions that append audit entries may use it
  // (kms:GenerateMac), and only they ever ask. The anchor function is given its signing key and bucket.
  const anchorBucket = process.env.AUDIT_ANCHOR_BUCKET;
  const kms = new KMSClient({});
  const deps = makeDeps(
    service,
    config,
    makeStoreClients(),
    {
      // AUDIT_KEY_FILE: a bundle run outside AWS (the bundle tests) seals with a local key file; the stack never sets it.
      auditKey: process.env.AUDIT_KEY_FILE ? fileAuditKey(process.env.AUDIT_KEY_FILE, false) : kmsAuditKey(kms, auditChainKeyAlias(borough.id), borough.id),
      ...(anchorBucket ? { anchoring: { signer: kmsAnchorSigner(kms, auditAnchorKeyAlias(borough.id)), anchors: s3AnchorStore(new S3Client({}), anchorBucket, borough.id) } } : {}),
    },
    tracingFromEnv(service),
  );
  // With the Tracer on, each DynamoDB call becomes an X-Ray subsegment (the document client shares this
  // middleware stack); Lambda's active tracing alone shows only the invocation.
  deps.observability.tracing.captureClient(deps.store.client);
  return deps;
};
