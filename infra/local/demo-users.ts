import type { Role } from '../../shared/domain/actor';

export interface DemoUser {
  id: string;
  roles: Role[];
  org?: string;
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
  { id: 'sally', roles: ['patient'], description: 'patient; shares her plan with miriam and coach' },
  { id: 'andre', roles: ['patient'], description: 'patient' },
  { id: 'miriam', roles: ['clinician'], org: 'elft', description: 'psychotherapist' },
  { id: 'adam', roles: ['clinician'], org: 'elft', description: 'health care assistant' },
  { id: 'coach', roles: ['clinician'], org: 'core-sport', description: 'Core Sport coach' },
  { id: 'gp-beechwood', roles: ['clinician'], org: 'beechwood-practice', description: 'GP' },
  { id: 'advisor', roles: ['phb-advisor'], org: 'advocacy-project', description: 'PHB advisor' },
  { id: 'operator', roles: ['operator'], org: 'nel-ics', description: 'ICS operator' },
  { id: 'paramedic', roles: ['paramedic'], org: 'london-ambulance', description: 'paramedic' },
];

/** Seeded users of a borough; boroughs other than the demo one get a generic set with the same roles. */
export const demoUsers = (borough: string): DemoUser[] =>
  borough === 'city-and-hackney'
    ? CITY_AND_HACKNEY
    : [
        { id: 'patient-1', roles: ['patient'], description: 'patient' },
        { id: 'clinician-1', roles: ['clinician'], description: 'clinician' },
        { id: 'advisor-1', roles: ['phb-advisor'], description: 'PHB advisor' },
        { id: 'operator-1', roles: ['operator'], description: 'ICS operator' },
        { id: 'paramedic-1', roles: ['paramedic'], description: 'paramedic' },
      ];
