import * as z from 'zod/mini';

/** RFC 9457 problem details, as every error response carries them. */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.strictObject({ field: z.string(), detail: z.string() }))),
});
