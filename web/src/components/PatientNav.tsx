/** The parts of a patient's record a care team member can look at, each a page under `/patients/:id/`. */
export const RECORD_PAGES = [
  ['plan', 'Plan'],
  ['crisis-plan', 'Crisis plan'],
  ['log', 'Log'],
  ['measurements', 'Measurements'],
  ['appointments', 'Appointments'],
  ['quality-of-life', 'Quality of life'],
  ['budget', 'Budget'],
  ['messages', 'Messages'],
] as const;

export type RecordPage = (typeof RECORD_PAGES)[number][0];

/** The parts' page titles, for the layout's heading and the browser tab. */
export const RECORD_TITLES: Record<RecordPage, string> = {
  plan: 'Recovery plan',
  'crisis-plan': 'Crisis plan',
  log: 'Personal log',
  measurements: 'Measurements',
  appointments: 'Appointments',
  'quality-of-life': 'Quality of life (ReQoL-10)',
  budget: 'Personal health budget',
  messages: 'Messages',
};

/**
 * The sub-navigation of a patient's record for staff (the NHS contents list): every part is listed,
 * and a part not shared says so on its own page, in words. `within`: on a page inside the current
 * part (one conversation of Messages), whose entry stays a link back to the part.
 */
export const PatientNav = ({ patientId, current, within = false }: { patientId: string; current: RecordPage; within?: boolean }) => (
  <nav class="nhsuk-contents-list app-record-nav" aria-label="This person's record">
    <ol class="nhsuk-contents-list__list">
      {RECORD_PAGES.map(([page, label]) =>
        page === current && !within ? (
          <li class="nhsuk-contents-list__item" aria-current="page" key={page}>
            <span class="nhsuk-contents-list__current">{label}</span>
          </li>
        ) : (
          <li class="nhsuk-contents-list__item" key={page}>
            <a class="nhsuk-contents-list__link" href={`#/patients/${encodeURIComponent(patientId)}/${page}`} aria-current={page === current ? 'true' : undefined}>
              {label}
            </a>
          </li>
        ),
      )}
    </ol>
  </nav>
);
