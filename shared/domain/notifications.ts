import type { Role } from './actor';
import { expandScopes, grantState, type Grant, type Scope } from './grant';
import { isActive, type Person } from './people';

/** Who an event is for, before consent and the directory turn it into people. */
export type Audience = { kind: 'patient' } | { kind: 'care-team-with'; scope: Scope } | { kind: 'grantee' } | { kind: 'role'; role: Role };

export interface NotificationRule {
  audiences: Audience[];
  /** Red alerts and emergency access are never delayed (no digest). */
  urgent: boolean;
  /** What the message says: that there is something to see, never what. */
  title: string;
  link: (data: Record<string, string | number | boolean>) => string;
}

const patientLink = (path: string) => (d: Record<string, string | number | boolean>) => `/patients/${String(d.patientId)}${path}`;

/** From an outbox event to who hears of it (design: notifications issue). Unknown events notify nobody. */
export const RULES: Record<string, NotificationRule> = {
  'help-requested': { audiences: [{ kind: 'care-team-with', scope: 'plan:read' }], urgent: true, title: 'Someone you support has asked for help.', link: patientLink('/plan') },
  'phb.submitted': {
    audiences: [{ kind: 'role', role: 'phb-advisor' }],
    urgent: false,
    title: 'A personal health budget request is waiting for a decision.',
    link: () => '/phb-requests?status=submitted',
  },
  'phb.decided': { audiences: [{ kind: 'patient' }], urgent: false, title: 'There is news about your personal health budget request.', link: patientLink('/phb-requests') },
  'grant.created': { audiences: [{ kind: 'grantee' }, { kind: 'patient' }], urgent: false, title: 'Sharing in a recovery plan has changed.', link: () => '/me/patients' },
  'grant.revoked': { audiences: [{ kind: 'grantee' }, { kind: 'patient' }], urgent: false, title: 'Sharing in a recovery plan has changed.', link: () => '/me/patients' },
  'emergency-access.granted': { audiences: [{ kind: 'patient' }], urgent: true, title: 'Your crisis plan was opened in an emergency.', link: patientLink('/access-log') },
  'plan.contributed': { audiences: [{ kind: 'patient' }], urgent: false, title: 'Someone in your care team added to your plan.', link: patientLink('/plan') },
  'grantee.left': { audiences: [{ kind: 'patient' }], urgent: false, title: 'Someone you shared your record with has left: they can no longer see it.', link: patientLink('/sharing') },
};

/** A person of the borough's directory, as notifications find them. */
export type DirectoryUser = Person;

/**
 * The people with a scope of the patient in force now: persons named in a grant, and the clinicians
 * of an organisation granted it. Consent is read at delivery time, so a grant revoked before the
 * event is delivered reaches nobody.
 */
export const careTeamWith = (scope: Scope, grants: readonly Grant[], directory: readonly DirectoryUser[], now: Date): string[] => {
  const ids = new Set<string>();
  const disabled = new Set(directory.filter((u) => !isActive(u)).map((u) => u.userId));
  for (const grant of grants) {
    if (grantState(grant, now) !== 'active' || !expandScopes(grant.scopes).has(scope)) continue;
    if (grant.grantee.type === 'person' && !disabled.has(grant.grantee.userId)) ids.add(grant.grantee.userId);
    if (grant.grantee.type === 'organisation') {
      const org = grant.grantee.org;
      for (const u of directory) if (u.org === org && !u.roles.includes('patient') && isActive(u)) ids.add(u.userId);
    }
  }
  return [...ids].sort();
};

/** How a person wants to hear: email immediately, in a daily digest, or never; SMS for urgent things only, or never. */
export interface Preferences {
  email: 'off' | 'immediate' | 'digest';
  sms: 'off' | 'urgent';
}

export const DEFAULT_PREFERENCES: Preferences = { email: 'digest', sms: 'urgent' };

export type Channel = 'email' | 'sms';

/**
 * Where a notification goes beyond the inbox: urgent ones (red alerts, emergency access) at once on
 * every channel the person allows, never delayed; others by email at once or into the daily digest.
 */
export const channelsFor = (prefs: Preferences, urgent: boolean): { now: Channel[]; digest: boolean } => {
  if (urgent) return { now: [...(prefs.email !== 'off' ? (['email'] as const) : []), ...(prefs.sms !== 'off' ? (['sms'] as const) : [])], digest: false };
  return { now: prefs.email === 'immediate' ? ['email'] : [], digest: prefs.email === 'digest' };
};
