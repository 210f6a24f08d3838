import * as z from 'zod/mini';
import { ScopeSchema, SCOPES } from './grant';
import { PersonView } from './people';

const userId = z.string().check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'must be a user id'));
const orgId = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be an organisation id'));
const instant = z.iso.datetime({ offset: true });

/** Who a patient may grant to; emergency access itself is only ever made by a paramedic's request. */
export const GranteeInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), userId }),
  z.strictObject({ type: z.literal('organisation'), org: orgId }),
  z.strictObject({ type: z.literal('emergency') }),
]);

const scopes = z.array(ScopeSchema).check(
  z.minLength(1),
  z.maxLength(SCOPES.length),
  z.refine((list) => new Set(list).size === list.length, 'must not repeat a scope'),
);

const note = z.string().check(z.maxLength(280));

export const GrantCreateBody = z.strictObject({
  grantee: GranteeInput,
  scopes,
  startsAt: z.optional(instant),
  endsAt: z.optional(instant),
  note: z.optional(note),
});

/** A change of scopes, end or note; the grantee of a grant never changes. */
export const GrantChangeBody = z.strictObject({
  scopes: z.optional(scopes),
  endsAt: z.optional(z.nullable(instant)),
  note: z.optional(z.nullable(note)),
});

/**
 * Who a grant is for, as the patient sees them: `label` is what a page shows ("Miriam Okafor,
 * Psychotherapist, ELFT", "East London NHS Foundation Trust", "Paramedics in an emergency"); the ids
 * are for the API's callers, never for display.
 */
export const GranteeView = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), userId: z.string(), label: z.string(), person: PersonView }),
  z.strictObject({ type: z.literal('organisation'), org: z.string(), label: z.string(), name: z.string() }),
  z.strictObject({ type: z.literal('emergency'), label: z.string() }),
  z.strictObject({ type: z.literal('emergency-access'), userId: z.string(), label: z.string(), person: PersonView }),
]);
export type GranteeView = z.infer<typeof GranteeView>;

export const GrantView = z.strictObject({
  grantId: z.string(),
  patientId: z.string(),
  grantee: GranteeView,
  scopes: z.array(ScopeSchema),
  state: z.enum(['scheduled', 'active', 'expired', 'revoked']),
  startsAt: z.string(),
  endsAt: z.optional(z.string()),
  note: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
  reason: z.optional(z.string()),
  viaGrantId: z.optional(z.string()),
});

export const EmergencyAccessBody = z.strictObject({
  reason: z.string().check(z.minLength(10, 'must say why, in at least 10 characters'), z.maxLength(500)),
});
