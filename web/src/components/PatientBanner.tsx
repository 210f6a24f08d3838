/** A patient as staff see them on every page about them (shared/domain/people.ts `PatientBanner`). */
export interface BannerPatient {
  givenName: string;
  familyName: string;
  preferredName?: string;
  birthDate?: string;
  nhsNumber?: string;
}

const longDate = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const ageOn = (iso: string, today: Date): number => {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (before ? 1 : 0);
};

/**
 * The NHS patient banner: family name in capitals and given name, the name they go by, date of birth
 * with age, and NHS number (3-3-4), so that staff can see at a glance that this is the right person.
 */
export const PatientBanner = ({ patient }: { patient: BannerPatient }) => (
  <section class="app-patient-banner" aria-label="Patient">
    <p class="app-patient-banner__name">
      <strong>
        {patient.familyName.toUpperCase()}, {patient.givenName}
      </strong>
      {patient.preferredName ? <span> (goes by {patient.preferredName})</span> : null}
    </p>
    <dl class="app-patient-banner__facts">
      {patient.birthDate ? (
        <div>
          <dt>Born</dt>
          <dd>
            {longDate(patient.birthDate)} ({ageOn(patient.birthDate, new Date())} years)
          </dd>
        </div>
      ) : null}
      {patient.nhsNumber ? (
        <div>
          <dt>NHS number</dt>
          <dd>{patient.nhsNumber}</dd>
        </div>
      ) : null}
    </dl>
  </section>
);
