import * as z from 'zod/mini';

/** Cognito groups (design decision 5); `integration` is for GP-system clients. */
export const ROLES = ['patient', 'clinician', 'phb-advisor', 'operator', 'paramedic', 'integration'] as const;
export const Role = z.enum(ROLES);
export type Role = (typeof ROLES)[number];

/** Who is calling, as the token says. */
export interface Actor {
  id: string;
  borough: string;
  roles: Role[];
  org?: string;
}

export const ActorSchema = z.strictObject({
  id: z.string(),
  borough: z.string(),
  roles: z.array(Role),
  org: z.optional(z.string()),
});
