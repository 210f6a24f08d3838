import * as z from 'zod/mini';
import { ownValue } from './own';
import { toFieldIssue } from './zod';
import { REQOL_DEFAULTS, ReqolQuestionnaire, ReqolThresholds } from './reqol';
import { ClientScope } from './client-scopes';
import { MESSAGING_DEFAULTS, MessagingSettings } from './messages';
import { ALERT_DEFAULTS, AlertSettings } from './red-alerts';
import { RETENTION_DEFAULTS, RetentionSettings } from './retention';

/** Kinds of organisation a borough works with; a grant to an organisation reaches its members. */
export const OrganisationKind = z.enum(['nhs-trust', 'gp-practice', 'voluntary', 'phb-provider', 'ambulance', 'ics', 'local-authority']);

const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be lower-case letters, digits and dashes'));

const Organisation = z.strictObject({
  id: slug,
  name: z.string().check(z.minLength(1)),
  /** How people's labels name it ("Psychotherapist, ELFT"); the full name where absent. */
  shortName: z.optional(z.string().check(z.minLength(1), z.maxLength(24))),
  kind: OrganisationKind,
});

const PhbPolicy = z.strictObject({
  /** Default yearly allocation for a new budget, in pence. */
  defaultAllocationPence: z.int().check(z.nonnegative()),
  /** Approvals above this amount need two different advisors. */
  secondApprovalAbovePence: z.int().check(z.nonnegative()),
  /** Months after purchase when the PHB guidance asks for a review. */
  reviewAfterMonths: z.int().check(z.minimum(1), z.maximum(24)),
});

const HealthThresholds = z.strictObject({
  bmiHigh: z.number().check(z.minimum(15), z.maximum(60)),
  bmiLow: z.number().check(z.minimum(10), z.maximum(25)),
  systolicHigh: z.int().check(z.minimum(90), z.maximum(250)),
  diastolicHigh: z.int().check(z.minimum(50), z.maximum(150)),
  exerciseMinutesPerWeekLow: z.int().check(z.nonnegative()),
});

const NotificationSettings = z.strictObject({
  /** Sent from the borough's own SES domain identity (DKIM), which the stack creates for this address's domain. */
  fromEmail: z.email(),
  /**
   * Set once SES shows the domain as verified (its DKIM records are in DNS): Cognito then sends
   * invitations and sign-in codes through it, instead of its own sender's small daily limit.
   * Cognito refuses an identity that is not verified yet, so a first deploy leaves this off
   * (docs/first-deploy.md).
   */
  sesVerified: z._default(z.boolean(), false),
  smsSenderId: z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/, 'must be 1-11 letters or digits')),
  digestHourUtc: z.int().check(z.minimum(0), z.maximum(23)),
});

const ApiSettings = z.strictObject({
  throttleRatePerSecond: z.int().check(z.minimum(1)),
  throttleBurst: z.int().check(z.minimum(1)),
  /** Each public route's own limit (health, API document): a flood of them never takes another route's share. */
  publicRatePerSecond: z._default(z.int().check(z.minimum(1)), 5),
  /**
   * Reserved concurrency of each function, off by default: reserving takes concurrency away from every
   * other function of the account (issue 26), so only a borough that must be guaranteed some sets it.
   */
  reservedConcurrency: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
});

/** The borough's edge (CloudFront and its web ACL, issue 26 item 6). */
const EdgeSettings = z.strictObject({
  /** The site's own domain (e.g. recovery.cityandhackney.nhs.uk); without it, CloudFront's default domain. */
  // At most 50 characters: the invitation SMS carries the site's address within Cognito's 140.
  domain: z.optional(z.string().check(z.regex(/^(?=.{4,50}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case domain name of at most 50 characters'))),
  /** The Route 53 zone of `domain`, for the certificate's DNS validation; without it, the records are added by hand. */
  hostedZoneId: z.optional(z.string().check(z.regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id'))),
  /** Requests one signed-in session (address and token) may make in 5 minutes (WAF rate-based rule). */
  requestsPerFiveMinutes: z._default(z.int().check(z.minimum(100), z.maximum(2_000_000_000)), 3000),
  /** Requests one address may make in 5 minutes, all paths: high, as a trust's staff share its address. */
  addressRequestsPerFiveMinutes: z._default(z.int().check(z.minimum(100), z.maximum(2_000_000_000)), 60000),
  /** Requests one address may make in 5 minutes to the public API routes (no token needed). */
  publicRequestsPerFiveMinutes: z._default(z.int().check(z.minimum(10), z.maximum(2_000_000_000)), 300),
});

/** Where copies of the backups go (issue 26 item 8). */
const BackupSettings = z.strictObject({
  /** A separate AWS account (same organisation) whose locked vault receives a copy of every backup. */
  copyToAccount: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'))),
});

/** Who is told when something goes wrong, and when a route counts as slow. */
const OperationsSettings = z.strictObject({
  /** Subscribed to the alarm topic (each confirms by email once). */
  alarmEmails: z._default(z.array(z.email()), []),
  /** p99 latency of a route, in milliseconds, above which it alarms (15 minutes running). */
  routeLatencyP99Ms: z._default(z.int().check(z.minimum(100), z.maximum(29000)), 3000),
});

/** What each function records beyond Lambda's own active tracing (design decision 9). */
const ObservabilitySettings = z.strictObject({
  /**
   * The Powertools Tracer: a subsegment per handler and per DynamoDB or SQS call. Off by default: it
   * costs about 120 KB and a third of each function's cold start, and a bundle without it has none of it.
   */
  tracer: z._default(z.boolean(), false),
});

/**
 * Where a borough's data may live: UK regions only (NHS data residency). A stack deploys to the region
 * its borough file names, never to whatever region the operator's profile happens to use.
 */
export const UK_REGIONS = ['eu-west-2'] as const;
const Region = z.enum(UK_REGIONS, { error: `must be a UK region (${UK_REGIONS.join(', ')})` });

/**
 * A GP or trust system that sends data in: an OAuth client (client-credentials grant) of the borough,
 * never a user account. It acts for its organisation, with the scopes listed only.
 */
const Integration = z.strictObject({
  id: slug,
  name: z.string().check(z.minLength(1)),
  org: slug,
  scopes: z.array(ClientScope).check(z.minLength(1)),
});

export const BoroughConfigSchema = z.strictObject({
  /** ReQoL-10 thresholds; defaults and their source in shared/domain/reqol.ts. */
  reqol: z._default(ReqolThresholds, { ...REQOL_DEFAULTS }),
  /** The ReQoL-10 wording the borough is licensed to show; without it, responses come as scores only. */
  reqolQuestionnaire: z.optional(ReqolQuestionnaire),
  id: slug,
  name: z.string().check(z.minLength(1)),
  /** A demonstration borough: only it may use example domains, and it never deploys to production. */
  demo: z._default(z.boolean(), false),
  region: Region,
  /** The Cognito hosted UI's domain prefix, when the default `recovery-nel-<id>` is taken in the region. */
  cognitoDomainPrefix: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,63}$/, 'must be lower-case letters, digits and dashes'))),
  organisations: z.array(Organisation).check(z.minLength(1)),
  phb: PhbPolicy,
  healthThresholds: HealthThresholds,
  notifications: NotificationSettings,
  api: ApiSettings,
  edge: z._default(EdgeSettings, { requestsPerFiveMinutes: 3000, addressRequestsPerFiveMinutes: 60000, publicRequestsPerFiveMinutes: 300 }),
  backup: z._default(BackupSettings, {}),
  operations: z._default(OperationsSettings, { alarmEmails: [], routeLatencyP99Ms: 3000 }),
  integrations: z._default(z.array(Integration), []),
  observability: z._default(ObservabilitySettings, { tracer: false }),
  /** Red alerts: acknowledged within so many working hours, or escalated to the duty teams; the urgent numbers a patient is shown. */
  alerts: z._default(AlertSettings, ALERT_DEFAULTS),
  /** Messages: the approved video call hosts, and the hours messages are read in (default: the alerts' working hours). */
  messaging: z._default(MessagingSettings, MESSAGING_DEFAULTS),
  /** How many years a closed record is kept before the retention sweep removes it (docs/records.md); 20 by default, never fewer. */
  retention: z._default(RetentionSettings, RETENTION_DEFAULTS),
});

export type BoroughConfig = z.infer<typeof BoroughConfigSchema>;

/**
 * The borough config as a function's environment carries it (BOROUGH_CONFIG, re-parsed by the same
 * schema): sections equal to their defaults left out, the schema puts them back. Lambda allows 4 KB
 * of environment in all, and a borough's ReQoL-10 wording takes most of it.
 * @example parseBoroughConfig(compactBoroughConfig(config), 'env') // deep-equals config
 */
export const compactBoroughConfig = (config: BoroughConfig): Partial<BoroughConfig> =>
  Object.fromEntries(
    Object.entries(config).filter(([key, value]) => {
      const field = ownValue(BoroughConfigSchema.shape as Record<string, z.ZodMiniType>, key);
      const fallback = field ? z.safeParse(field, undefined) : undefined;
      return !(fallback?.success && JSON.stringify(fallback.data) === JSON.stringify(value));
    }),
  );
export type Organisation = z.infer<typeof Organisation>;
export type Integration = z.infer<typeof Integration>;

/** Domains that can never receive mail (RFC 2606 and RFC 6761), or that name themselves examples. */
export const isReservedDomain = (domain: string): boolean =>
  domain
    .toLowerCase()
    .split('.')
    .some((label) => ['example', 'test', 'invalid', 'localhost'].includes(label));

/** Raised when a borough file does not match the schema; the message names the file and the field. */
export class BoroughConfigError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${source}: ${field ? `field "${field}"` : 'file'} ${detail}`);
    this.name = 'BoroughConfigError';
  }
}

/**
 * Validates a parsed borough file; `source` names it in errors.
 * @example parseBoroughConfig(JSON.parse(text), 'infra/boroughs/newham.json')
 */
export const parseBoroughConfig = (value: unknown, source: string, expectedId?: string): BoroughConfig => {
  const result = z.safeParse(BoroughConfigSchema, value);
  if (!result.success) {
    const issue = toFieldIssue(result.error.issues[0] ?? { message: 'is invalid' });
    throw new BoroughConfigError(source, issue.field, issue.detail);
  }
  if (expectedId !== undefined && result.data.id !== expectedId) {
    throw new BoroughConfigError(source, 'id', `is "${result.data.id}" but the file is named for "${expectedId}"`);
  }
  if (!result.data.demo) {
    const addresses: [string, string][] = [
      ['notifications.fromEmail', result.data.notifications.fromEmail],
      ...result.data.operations.alarmEmails.map((e, i): [string, string] => [`operations.alarmEmails.${i}`, e]),
    ];
    for (const [field, address] of addresses) {
      if (isReservedDomain(address.split('@')[1] ?? ''))
        throw new BoroughConfigError(source, field, `is "${address}", an example domain: a real borough sends from and to its own domain (only a borough with "demo": true may use example domains)`);
    }
  }
  const ids = result.data.organisations.map((o) => o.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new BoroughConfigError(source, 'organisations', `lists "${duplicate}" twice`);
  result.data.integrations.forEach((integration, i) => {
    if (!ids.includes(integration.org)) throw new BoroughConfigError(source, `integrations.${i}.org`, `is "${integration.org}", which is not one of the borough's organisations`);
  });
  const integrationIds = result.data.integrations.map((i) => i.id);
  const twice = integrationIds.find((id, i) => integrationIds.indexOf(id) !== i);
  if (twice) throw new BoroughConfigError(source, 'integrations', `lists "${twice}" twice`);
  return result.data;
};
