import type { Organisation } from './borough-config';
import type { Grantee } from './grant';
import type { GranteeView } from './grant-schemas';
import { personView, unknownPerson, type Person } from './people';

/** How the patient's flower names the permission for paramedics to open the crisis plan. */
export const EMERGENCY_GRANTEE_LABEL = 'Paramedics in an emergency';

/** An organisation that left the borough's file: named as such, never by its id. */
export const UNKNOWN_ORGANISATION = 'An organisation no longer in this borough';

/** The user ids a set of grantees names: what to read from the directory (by key) to show them. */
export const granteeUserIds = (grantees: Iterable<Grantee>): string[] => [...grantees].flatMap((g) => (g.type === 'person' || g.type === 'emergency-access' ? [g.userId] : []));

/**
 * A grantee as the patient sees them, from the directory entries read for them.
 * @example granteeView({ type: 'person', userId: 'miriam' }, people, orgs).label // 'Miriam Okafor, Psychotherapist, ELFT'
 */
export const granteeView = (grantee: Grantee, people: ReadonlyMap<string, Person>, organisations: readonly Organisation[]): GranteeView => {
  switch (grantee.type) {
    case 'person':
    case 'emergency-access': {
      const found = people.get(grantee.userId);
      const person = found ? personView(found, organisations) : unknownPerson(grantee.userId);
      return { type: grantee.type, userId: grantee.userId, label: person.label, person };
    }
    case 'organisation': {
      const name = organisations.find((o) => o.id === grantee.org)?.name ?? UNKNOWN_ORGANISATION;
      return { type: 'organisation', org: grantee.org, label: name, name };
    }
    case 'emergency':
      return { type: 'emergency', label: EMERGENCY_GRANTEE_LABEL };
  }
};
