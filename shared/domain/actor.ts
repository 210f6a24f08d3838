import * as z from 'zod/mini';
import type { ClientScope } from './client-scopes';

/**
 * Cognito groups (design decision 5); `integration` is the role of a system client (client credentials), never a group.
 * `duty` is held beside `clinician` by the people on their organisation's duty rota: its duty inbox,
 * where red alerts nobody answered in time go (shared/domain/red-alerts.ts).
 */
export const ROLES = ['patient', 'clinician', 'phb-advisor', 'operator', 'paramedic', 'integration', 'duty'] as const;
export const Role = z.enum(ROLES);
export type Role = (typeof ROLES)[number];

/** Who is calling, as the token says. */
export interface Actor {
  id: string;
  borough: string;
  roles: Role[];
  org?: string;
  /** Only a system client (GP or trust system) has scopes: what its token and the borough allow it. */
  scopes?: readonly ClientScope[];
}

export const ActorSchema = z.strictObject({
  id: z.string(),
  borough: z.string(),
  roles: z.array(Role),
  org: z.optional(z.string()),
});
