import type { Role } from '../../shared/domain/actor';
import type { Person, PersonName } from '../../shared/domain/people';

export interface DemoUser {
  id: string;
  roles: Role[];
  org?: string;
  /** Plainly fictional names: no real person's. */
  name: PersonName;
  roleTitle?: string;
  /** A patient's date of birth and NHS number (from the 999 range kept for tests). */
  birthDate?: string;
  nhsNumber?: string;
  description: string;
}

/** Synthetic contact details: example.org addresses and the 07700 900xxx numbers kept for drama. */
export const demoContact = (id: string, index: number): { email: string; phone: string } => ({
  email: `${id}@example.org`,
  phone: `+447700900${String(100 + index).padStart(3, '0')}`,
});

/**
 * The demo borough's people (DESIGN.md, "The demo borough"); their ids never change. Its GP system
 * `gp-system` is no person: it is a system client of the borough file (`integrations`).
 */
const CITY_AND_HACKNEY: DemoUser[] = [
  {
    id: 'sally',
    roles: ['patient'],
    name: { given: 'Sally', family: 'Brown' },
    birthDate: '1984-03-14',
    nhsNumber: '9990000018',
    description: 'patient; shares her plan with her psychotherapist and her coach',
  },
  { id: 'andre', roles: ['patient'], name: { given: 'Andre', family: 'Mensah' }, birthDate: '1991-07-02', nhsNumber: '9990000026', description: 'patient' },
  { id: 'miriam', roles: ['clinician'], org: 'elft', name: { given: 'Miriam', family: 'Okafor' }, roleTitle: 'Psychotherapist', description: 'psychotherapist' },
  { id: 'adam', roles: ['clinician'], org: 'elft', name: { given: 'Adam', family: 'Clarke' }, roleTitle: 'Health care assistant', description: 'health care assistant' },
  { id: 'coach', roles: ['clinician'], org: 'core-sport', name: { given: 'Priya', family: 'Shah' }, roleTitle: 'Sports coach', description: 'Core Sport coach' },
  { id: 'gp-beechwood', roles: ['clinician'], org: 'beechwood-practice', name: { given: 'Helen', family: 'Ward' }, roleTitle: 'GP', description: 'GP' },
  { id: 'advisor', roles: ['phb-advisor'], org: 'advocacy-project', name: { given: 'Tom', family: 'Fielding' }, roleTitle: 'Personal health budget advisor', description: 'PHB advisor' },
  { id: 'operator', roles: ['operator'], org: 'nel-ics', name: { given: 'Grace', family: 'Adeyemi' }, roleTitle: 'Digital services manager', description: 'ICS operator' },
  { id: 'paramedic', roles: ['paramedic'], org: 'london-ambulance', name: { given: 'Sam', family: 'Doyle' }, roleTitle: 'Paramedic', description: 'paramedic' },
  // ELFT's duty worker: red alerts nobody in a care team answered in time reach the duty inbox.
  { id: 'duty-elft', roles: ['clinician', 'duty'], org: 'elft', name: { given: 'Ruth', family: 'Hollis' }, roleTitle: 'Duty worker', description: 'ELFT duty worker (escalated red alerts)' },
];

/** Seeded users of a borough; boroughs other than the demo one get a generic set with the same roles. */
export const demoUsers = (borough: string): DemoUser[] =>
  borough === 'city-and-hackney'
    ? CITY_AND_HACKNEY
    : [
        { id: 'patient-1', roles: ['patient'], name: { given: 'Pat', family: 'Example' }, birthDate: '1980-01-01', nhsNumber: '9990000034', description: 'patient' },
        { id: 'clinician-1', roles: ['clinician'], name: { given: 'Chris', family: 'Example' }, roleTitle: 'Clinician', description: 'clinician' },
        { id: 'advisor-1', roles: ['phb-advisor'], name: { given: 'Ash', family: 'Example' }, roleTitle: 'Personal health budget advisor', description: 'PHB advisor' },
        { id: 'operator-1', roles: ['operator'], name: { given: 'Olu', family: 'Example' }, roleTitle: 'Digital services manager', description: 'ICS operator' },
        { id: 'paramedic-1', roles: ['paramedic'], name: { given: 'Robin', family: 'Example' }, roleTitle: 'Paramedic', description: 'paramedic' },
      ];

/** A demo user's directory entry: who they are and (unless left out) their synthetic contact details. */
export const demoPerson = (user: DemoUser, index: number, withContact = true): Person => ({
  userId: user.id,
  roles: user.roles,
  name: user.name,
  ...(user.org ? { org: user.org } : {}),
  ...(user.roleTitle ? { roleTitle: user.roleTitle } : {}),
  ...(user.birthDate ? { birthDate: user.birthDate } : {}),
  ...(user.nhsNumber ? { nhsNumber: user.nhsNumber } : {}),
  ...(withContact ? demoContact(user.id, index) : {}),
});
