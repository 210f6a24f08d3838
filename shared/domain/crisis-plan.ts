import * as z from 'zod/mini';

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
