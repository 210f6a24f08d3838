import type { AuditFacts } from './audit';

/**
 * How many refusals of one caller on one patient go into the patient's access log one by one, per
 * window. Beyond it they are counted and summarised, so that a flood cannot bury the log.
 */
export const REFUSAL_LOG_LIMIT = { perWindow: 10, windowMs: 15 * 60_000 } as const;
export type RefusalLogLimit = { perWindow: number; windowMs: number };

/** Refusals held back from the log: how many, from when to when, and the last one's action and operation. */
export interface HeldRefusals {
  count: number;
  from: string;
  to: string;
  action: AuditFacts['action'];
  operation: string;
}

/** One caller's refusals on one patient: those of the current window, and those not yet summarised. */
export interface RefusalTally {
  windowStartedAt: string;
  refused: number;
  held?: HeldRefusals;
  /** Moves on with every change, so that two requests never count from the same tally. */
  version: number;
}

/** What a decision adds to the access log (in this order), and the caller's next tally if it changed. */
export interface LogStep {
  entries: AuditFacts[];
  next?: RefusalTally;
}

/** "12 more refused attempts by X between T1 and T2": one entry standing for all the refusals held back. */
const summaryOf = (held: HeldRefusals, facts: AuditFacts): AuditFacts => {
  const { grantId: _g, ...who } = facts;
  return { ...who, action: held.action, operation: held.operation, decision: 'deny', reason: 'rate-limited', refusals: { count: held.count, from: held.from, to: held.to } };
};

/** The entries of a decision that is logged: first the summary of any refusals held back. */
const logged = (tally: RefusalTally | undefined, facts: AuditFacts, window?: Pick<RefusalTally, 'windowStartedAt' | 'refused'>): LogStep => {
  const entries = tally?.held ? [summaryOf(tally.held, facts), facts] : [facts];
  // The tally changes when a refusal is counted, or when what it held back is now in the log.
  const kept = window ?? (tally?.held ? { windowStartedAt: tally.windowStartedAt, refused: tally.refused } : undefined);
  return kept ? { entries, next: { ...kept, version: (tally?.version ?? 0) + 1 } } : { entries };
};

/**
 * What the access log gets for a decision by this caller, given their tally. An allowed access is
 * always logged; a refusal is logged up to `perWindow` in a window, the first one over it marked
 * `rate-limited` (the patient learns that more are held back), and the rest are only counted. Held
 * refusals are summarised in one entry before the caller's next logged decision.
 * @example logDecision(undefined, facts) // { entries: [facts], next: { refused: 1, ... } } for a refusal
 */
export const logDecision = (tally: RefusalTally | undefined, facts: AuditFacts, limit: RefusalLogLimit = REFUSAL_LOG_LIMIT): LogStep => {
  if (facts.decision === 'allow') return logged(tally, facts);
  const at = Date.parse(facts.at);
  const open = tally !== undefined && at < Date.parse(tally.windowStartedAt) + limit.windowMs;
  if (!open) return logged(tally, facts, { windowStartedAt: facts.at, refused: 1 });
  const refused = tally.refused + 1;
  if (refused <= limit.perWindow) return logged(tally, facts, { windowStartedAt: tally.windowStartedAt, refused });
  if (refused === limit.perWindow + 1) return logged(tally, { ...facts, reason: 'rate-limited' }, { windowStartedAt: tally.windowStartedAt, refused });
  const held: HeldRefusals = { count: (tally.held?.count ?? 0) + 1, from: tally.held?.from ?? facts.at, to: facts.at, action: facts.action, operation: facts.operation };
  return { entries: [], next: { windowStartedAt: tally.windowStartedAt, refused, held, version: tally.version + 1 } };
};
