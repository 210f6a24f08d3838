import type { TableAccess } from '../shared/store/table-access';

const READ = ['GetItem', 'BatchGetItem', 'Query'] as const;
const READ_WRITE = [...READ, 'PutItem', 'UpdateItem'] as const;
/** Writes to patients' records check in their own transaction that the record is not closed (shared/record/patient-record.ts). */
const RECORD_WRITE = [...READ_WRITE, 'ConditionCheckItem'] as const;

/**
 * What each function may do on its borough's table (least privilege): the CDK stack writes it into
 * the function's role, and the local platform holds every handler to it while it runs
 * (infra/local/table-access-guard.ts), so a function that needs more fails its tests, not a deploy.
 * No function may delete but where named: the idempotency records of PHB and plans (Powertools removes
 * a record whose request failed: shared/http/idempotent-call.ts), the notifications digest queue of a user, and the retention sweep's removal of a
 * record past its retention. Audit entries are only ever added, but by that sweep, which removes a
 * whole chain after writing its tombstone (the chain's final head).
 */
export const TABLE_ACCESS: Readonly<Record<string, TableAccess>> = {
  boroughs: { actions: READ_WRITE },
  consent: { actions: RECORD_WRITE },
  plans: { actions: [...RECORD_WRITE, 'DeleteItem'], onlyIn: { DeleteItem: ['IDEMPOTENCY'] } },
  measures: { actions: RECORD_WRITE },
  phb: { actions: [...RECORD_WRITE, 'DeleteItem'], onlyIn: { DeleteItem: ['IDEMPOTENCY'] } },
  notifications: { actions: [...READ_WRITE, 'DeleteItem'], onlyIn: { DeleteItem: ['U#*'] } },
  // The outcome aggregates' transactions check that their generation is still live.
  outcomes: { actions: [...READ_WRITE, 'ConditionCheckItem'] },
  // The retention sweep (docs/records.md): removes what is personal of a record past its retention, in
  // the patient's partition and the few items outside it that lead to them; puts only the tombstone.
  retention: {
    actions: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    onlyIn: { PutItem: ['P#*'], DeleteItem: ['P#*', 'USERS', 'NHS#*', 'PHBREQ#*', 'U#*'] },
    removesAuditChains: true,
  },
  // The hourly anchor of every audit chain head (shared/store/audit-anchoring.ts): reads only, a Scan of
  // the heads (docs/security.md says why a Scan) and the entries at the seqs anchored before.
  'audit-anchor': { actions: ['Scan', 'BatchGetItem', 'GetItem'] },
};

/**
 * The functions that append audit entries (through the patient record, the PHB queue, the caseload):
 * only they are given the audit key (kms:GenerateMac in AWS; locally the platform withholds it from
 * the others), so a function that starts to append without being listed here fails its tests.
 */
export const AUDIT_APPENDERS: ReadonlySet<string> = new Set(['boroughs', 'consent', 'plans', 'measures', 'phb', 'outcomes']);

/**
 * Attributes that only audit entries have. IAM cannot tell an audit entry from other items of a
 * patient's partition (dynamodb:LeadingKeys is the partition key only), but it can see the
 * attributes an UpdateItem names (dynamodb:Attributes): every role is denied an UpdateItem that names
 * one of these, so an audit entry cannot be edited in place through UpdateItem. A PutItem that
 * overwrites an entry cannot be told from an append by IAM (it cannot see the ConditionExpression):
 * the MAC and the anchor catch that (docs/security.md).
 */
export const AUDIT_ENTRY_ONLY_ATTRIBUTES = ['prevHash', 'kid', 'alg', 'actorRoles', 'actorOrg', 'refusals'] as const;
