import { boroughPartition } from './keys';

/** The IAM actions on a borough's table that a function may be given (dynamodb:<action>). */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchWriteItem';

/**
 * What one function may do on its borough's table: the actions it uses and no more, and for some of
 * them only the partitions named (IAM's `dynamodb:LeadingKeys`, as `boroughPartition(borough, name)`
 * patterns, `*` a wildcard). The CDK stack turns it into the function's policy; the local platform
 * refuses any other call the same way, so a missing action fails the tests, not a deploy.
 */
export interface TableAccess {
  actions: readonly TableAction[];
  onlyIn?: Partial<Record<TableAction, readonly string[]>>;
  /** The retention sweep alone: deletes a removed record's whole audit chain (its tombstone keeps the final head). */
  removesAuditChains?: boolean;
}

interface Call {
  /** The IAM action; one we do not name (`BatchWriteItem` of a raw call, say) is kept as sent. */
  action: string;
  pk?: string;
  sk?: string;
  condition?: string;
}

// A key as the document client gives it (plain) or as the low-level client sends it (`{ S }`).
type AttributeKey = Record<string, string | { S?: string } | undefined>;
type Operation = { Key?: AttributeKey; Item?: AttributeKey; ConditionExpression?: string };
type TransactItem = Record<string, Operation | undefined>;

const TRANSACT_ACTIONS: Record<string, TableAction> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

const text = (value: AttributeKey[string]): string | undefined => (typeof value === 'string' ? value : value?.S);

const target = (op: Operation | undefined): Omit<Call, 'action'> => {
  const key = op?.Key ?? op?.Item;
  return { pk: text(key?.pk), sk: text(key?.sk), condition: op?.ConditionExpression };
};

/**
 * The IAM actions a DynamoDB call needs, as AWS authorises it: a transaction needs the action of each
 * of its items, not an action of its own.
 * @example callsOf('TransactWriteItemsCommand', { TransactItems: [{ Put: {...} }] }) // [{ action: 'PutItem', pk }]
 */
export const callsOf = (commandName: string, input: Record<string, unknown>): Call[] => {
  const action = commandName.replace(/Command$/, '');
  if (action === 'TransactWriteItems') {
    return ((input.TransactItems ?? []) as TransactItem[]).flatMap((item) => Object.entries(item).map(([kind, op]) => ({ action: TRANSACT_ACTIONS[kind] ?? kind, ...target(op) })));
  }
  if (action === 'TransactGetItems') return ((input.TransactItems ?? []) as TransactItem[]).map((item) => ({ action: 'GetItem', ...target(item.Get) }));
  return [{ action, ...target(input) }];
};

const AUDIT_ENTRY = /^AUDIT#/;

/**
 * Audit entries are only ever added: a put that may not overwrite. IAM cannot see sort keys, so in AWS
 * this holds by the code (and the hash chain shows any change); locally every call is held to it.
 */
const overwritesAudit = (call: Call): boolean =>
  call.sk !== undefined && AUDIT_ENTRY.test(call.sk) && call.action !== 'GetItem' && !(call.action === 'PutItem' && call.condition === 'attribute_not_exists(pk)');

const matches = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

/** The partitions an action is limited to, for a borough (the strings of the IAM condition). */
export const leadingKeysFor = (access: TableAccess, action: TableAction, borough: string): string[] | undefined => access.onlyIn?.[action]?.map((name) => boroughPartition(borough, name));

/** Why this call would be refused by the function's policy, or undefined when it is allowed. */
export const refusal = (access: TableAccess, borough: string, call: Call): string | undefined => {
  if (overwritesAudit(call) && !(access.removesAuditChains && call.action === 'DeleteItem')) return `dynamodb:${call.action} may not change the audit entry ${call.sk}`;
  if (!(access.actions as readonly string[]).includes(call.action)) return `dynamodb:${call.action} is not in the function's policy`;
  const only = leadingKeysFor(access, call.action as TableAction, borough);
  const pk = call.pk;
  if (only && !(pk !== undefined && only.some((pattern) => matches(pattern, pk)))) return `dynamodb:${call.action} is allowed only on ${only.join(', ')}`;
  return undefined;
};

/** What AWS answers a call the role may not make; never retried, never mistaken for bad input. */
export class TableAccessDeniedError extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  constructor(service: string, reason: string) {
    super(`AccessDeniedException: the ${service} function may not do this: ${reason}`);
    this.name = 'AccessDeniedException';
  }
}
