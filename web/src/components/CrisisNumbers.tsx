/** Someone in a patient's crisis plan to call, as the API gives them. */
export interface CrisisContact {
  name: string;
  relationship?: string;
  phone?: string;
}

/** One of the borough's numbers for urgent help (NHS 111, 999). */
export interface UrgentNumber {
  label: string;
  number: string;
}

/** A phone number as a tel: address: digits and a leading plus only ("020 7123 4567" → "02071234567"). */
export const telOf = (phone: string): string => `tel:${phone.replace(/[^0-9+]/g, '')}`;

/**
 * Whom to call now: the people in the patient's crisis plan, then the borough's urgent numbers, each
 * number a link that dials it on a phone. A relationship the name already says ("Jo (sister)") is not said twice.
 */
export const CrisisNumbers = ({ contacts, urgentNumbers }: { contacts: readonly CrisisContact[]; urgentNumbers: readonly UrgentNumber[] }) => (
  <>
    {contacts.length > 0 && (
      <>
        <p>People in your crisis plan:</p>
        <ul class="nhsuk-list nhsuk-list--bullet">
          {contacts.map((c) => (
            <li key={`${c.name}${c.phone ?? ''}`}>
              {c.name}
              {c.relationship && !c.name.includes(c.relationship) ? ` (${c.relationship})` : ''}
              {c.phone && (
                <>
                  : <a href={telOf(c.phone)}>{c.phone}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      </>
    )}
    <ul class="nhsuk-list nhsuk-list--bullet">
      {urgentNumbers.map((n) => (
        <li key={n.label}>
          {n.label}: <a href={telOf(n.number)}>{n.number}</a>
        </li>
      ))}
    </ul>
  </>
);
