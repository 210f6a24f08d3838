import * as z from 'zod/mini';
import { addMonths, londonDay } from './calendar';

const line = z.string().check(z.minLength(1), z.maxLength(500));
const lines = z.array(line).check(z.maxLength(20));

/** The patient's crisis plan: what to look for, what helps, who to call. Their words, never logged. */
export const CrisisPlanBody = z.strictObject({
  warningSigns: lines,
  whatHelps: lines,
  whatToAvoid: lines,
  contacts: z
    .array(
      z.strictObject({
        name: z.string().check(z.minLength(1), z.maxLength(100)),
        relationship: z.optional(z.string().check(z.maxLength(100))),
        phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number'))),
      }),
    )
    .check(z.maxLength(10)),
  medicationNotes: z.optional(z.string().check(z.maxLength(2000))),
});

export type CrisisPlanContent = z.infer<typeof CrisisPlanBody>;

export const CrisisPlanView = z.extend(CrisisPlanBody, {
  patientId: z.string(),
  version: z.int(),
  updatedAt: z.optional(z.string()),
});

export const EMPTY_CRISIS_PLAN: CrisisPlanContent = { warningSigns: [], whatHelps: [], whatToAvoid: [], contacts: [] };

/**
 * A crisis plan not changed for this long may no longer hold: care coordinators go through it with
 * the patient at least at each six-monthly review. Whoever reads an older one is told to check it.
 */
export const CRISIS_PLAN_CHECK_AFTER_MONTHS = 6;

/**
 * Whether a written crisis plan should be checked with the person before it is relied on: last
 * changed (in London days) more than `CRISIS_PLAN_CHECK_AFTER_MONTHS` ago, or when is not recorded.
 * An empty plan (never written) has nothing to rely on, so nothing to check.
 * @example needsChecking({ version: 3, updatedAt: '2026-01-05T09:00:00Z' }, new Date('2026-11-30')) // true
 */
export const needsChecking = (plan: { version: number; updatedAt?: string | undefined }, now: Date): boolean => {
  if (plan.version === 0) return false;
  if (plan.updatedAt === undefined) return true;
  return londonDay(new Date(plan.updatedAt)) < addMonths(londonDay(now), -CRISIS_PLAN_CHECK_AFTER_MONTHS);
};
