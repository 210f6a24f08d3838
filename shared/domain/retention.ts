import * as z from 'zod/mini';

/**
 * How long a closed record is kept: the NHS records management code keeps mental health records 20
 * years after the last entry, so a borough may keep them longer, never shorter.
 */
export const RETENTION_DEFAULT_YEARS = 20;
export const RetentionSettings = z.strictObject({
  years: z.int().check(z.minimum(RETENTION_DEFAULT_YEARS, `must be at least ${RETENTION_DEFAULT_YEARS} (NHS records management code)`), z.maximum(100)),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;
export const RETENTION_DEFAULTS: RetentionSettings = { years: RETENTION_DEFAULT_YEARS };

/**
 * The day a closed record may be removed: its last entry plus the retention period. The closure is
 * the record's last entry (it ends every grant, and nothing can be written after it), so the period
 * runs from the closure. Calendar years in UTC; 29 February lands on 1 March in a year without one.
 * @example retainUntil('2026-12-01T09:00:00.000Z', 20) // '2046-12-01T09:00:00.000Z'
 */
export const retainUntil = (lastEntry: string, years: number): string => {
  const at = new Date(lastEntry);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at.toISOString();
};

/** Why a patient closes their account, if they say: a code, never their words. */
export const CLOSURE_REASONS = ['no-longer-needed', 'moving-away', 'privacy', 'prefer-not-to-say', 'other'] as const;

/** The patient's confirmation: the words typed on the page, so that no stray request closes an account. */
export const CLOSURE_CONFIRMATION = 'close my account';

export const ClosureBody = z.strictObject({
  confirm: z.literal(CLOSURE_CONFIRMATION, `must be "${CLOSURE_CONFIRMATION}"`),
  reason: z.optional(z.enum(CLOSURE_REASONS)),
});
export type ClosureBody = z.infer<typeof ClosureBody>;

export const ClosureView = z.strictObject({
  closedAt: z.string(),
  /** When the record may be removed: the closure plus the borough's retention period. */
  retainUntil: z.string(),
  /** How many grants this request ended (0 on a repeat). */
  grantsEnded: z.int(),
});
export type ClosureView = z.infer<typeof ClosureView>;

/** A legal hold: no removal while it stands, whatever the date. The reason is for operators only. */
export const LegalHold = z.strictObject({ reason: z.string(), setAt: z.string(), setBy: z.string() });
export type LegalHold = z.infer<typeof LegalHold>;

export const LegalHoldBody = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(3, 'must say why (at least 3 characters)'), z.maxLength(500)),
});

/** A record's retention as stored: closed or not, kept until when, held or not. */
export interface Retention {
  closedAt?: string;
  retainUntil?: string;
  reason?: (typeof CLOSURE_REASONS)[number];
  legalHold?: LegalHold;
  version: number;
}

/** Whether the sweep may remove the record now: closed, past its date, and not held. */
export const isRemovable = (retention: Retention | undefined, now: Date): boolean =>
  retention?.retainUntil !== undefined && retention.closedAt !== undefined && retention.legalHold === undefined && Date.parse(retention.retainUntil) < now.getTime();

export const RetentionView = z.strictObject({
  closedAt: z.optional(z.string()),
  retainUntil: z.optional(z.string()),
  /** The hold, with who set it by name. */
  legalHold: z.optional(z.strictObject({ reason: z.string(), setAt: z.string(), setBy: z.string() })),
});
export type RetentionView = z.infer<typeof RetentionView>;
