import * as z from 'zod/mini';

/**
 * What a patient can share, petal by petal. `contribute` scopes imply their `read`.
 * - plan:read / plan:contribute: the recovery plan and goals (contribute: add steps and comments)
 * - crisis-plan:read: the crisis plan
 * - log:read: the personal log
 * - health:read / health:contribute: measurements and questionnaires (contribute: record them)
 * - phb:read / phb:request: personal health budget requests (request: submit on the patient's behalf)
 * - messages: a conversation between the patient and the grantee (one per grantee; a team's is read
 *   by its members)
 */
export const SCOPES = ['plan:read', 'plan:contribute', 'crisis-plan:read', 'log:read', 'health:read', 'health:contribute', 'phb:read', 'phb:request', 'messages'] as const;
export type Scope = (typeof SCOPES)[number];
export const ScopeSchema = z.enum(SCOPES);

/** A scope and the scopes it brings with it. */
export const IMPLIED: Readonly<Record<Scope, readonly Scope[]>> = {
  'plan:read': [],
  'plan:contribute': ['plan:read'],
  'crisis-plan:read': [],
  'log:read': [],
  'health:read': [],
  'health:contribute': ['health:read'],
  'phb:read': [],
  'phb:request': ['phb:read'],
  messages: [],
};

export const expandScopes = (scopes: readonly Scope[]): Set<Scope> => new Set(scopes.flatMap((s) => [s, ...IMPLIED[s]]));

/** How long a paramedic's emergency access to the crisis plan lasts. */
export const EMERGENCY_ACCESS_MINUTES = 30;

/**
 * Who a grant is for:
 * - person: one user of the borough (by user id)
 * - organisation: every member of an organisation of the borough (a team)
 * - emergency: the patient's permission for paramedics to ask for break-glass access to the crisis
 *   plan; it gives nobody access by itself
 * - emergency-access: the time-limited access one paramedic got through that permission
 */
export type Grantee = { type: 'person'; userId: string } | { type: 'organisation'; org: string } | { type: 'emergency' } | { type: 'emergency-access'; userId: string };

export interface Grant {
  grantId: string;
  patientId: string;
  grantee: Grantee;
  scopes: Scope[];
  /** ISO instants; access is allowed from startsAt (inclusive) until endsAt (exclusive). */
  startsAt: string;
  endsAt?: string;
  note?: string;
  revokedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** For emergency-access grants: why the paramedic asked, and under which permission. */
  reason?: string;
  viaGrantId?: string;
}

export type GrantState = 'scheduled' | 'active' | 'expired' | 'revoked';

/** A grant's state at an instant. */
export const grantState = (grant: Pick<Grant, 'startsAt' | 'endsAt' | 'revokedAt'>, now: Date): GrantState => {
  if (grant.revokedAt) return 'revoked';
  const t = now.getTime();
  if (t < Date.parse(grant.startsAt)) return 'scheduled';
  if (grant.endsAt !== undefined && t >= Date.parse(grant.endsAt)) return 'expired';
  return 'active';
};

/**
 * Petals a patient may have in force (active or starting later) at once: far more than anyone's care
 * network, few enough that a flower, and the work each event does over it, stay small. Ended and
 * revoked grants stay as the history of consent, one per grantee ever named.
 */
export const MAX_LIVE_GRANTS = 50;

/** In force now or later: what counts toward MAX_LIVE_GRANTS. */
export const isLive = (grant: Pick<Grant, 'startsAt' | 'endsAt' | 'revokedAt'>, now: Date): boolean => ['active', 'scheduled'].includes(grantState(grant, now));

/**
 * The one grant a patient can hold per grantee: its key in the patient's partition. Keying grants by
 * grantee lets a consent check fetch exactly the caller's grants with the data, in one request.
 */
export const granteeKey = (grantee: Grantee): string => {
  switch (grantee.type) {
    case 'person':
      return `U#${grantee.userId}`;
    case 'organisation':
      return `O#${grantee.org}`;
    case 'emergency':
      return 'EMERGENCY';
    case 'emergency-access':
      return `E#${grantee.userId}`;
  }
};
