import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { useLoad } from '../load';

type Shared = Answer<'/me/patients'>['items'][number];
type Banner = Shared['patient'];

const patientOfLink = (link: string | undefined): string | undefined => /^\/patients\/([^/]+)\//.exec(link ?? '')?.[1];

/** At most this many pages of 100 are read: a list longer than 1,000 people says it is cut short. */
const MAX_PAGES = 10;

/** As NHS lists show a patient: "BROWN, Sally"; a name not recorded is said so. */
const listName = (p: Banner): string => (p.familyName ? `${p.familyName.toUpperCase()}, ${p.preferredName ?? p.givenName}` : p.name);

const born = (iso: string | undefined): string =>
  iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : 'Not recorded';

const byFamilyName = (a: Banner, b: Banner): number => {
  const compare = (x: string, y: string) => x.localeCompare(y, 'en-GB', { sensitivity: 'base' });
  return Number(a.familyName === '') - Number(b.familyName === '') || compare(a.familyName, b.familyName) || compare(a.givenName, b.givenName) || compare(a.patientId, b.patientId);
};

const shortDate = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A plan review due within a week, or overdue (the API says which, to readers of the plan only). */
const ReviewTag = ({ review }: { review: Shared['review'] }) => {
  if (!review?.status) return null;
  return review.status === 'overdue' ? (
    <strong class="nhsuk-tag nhsuk-tag--orange app-review-tag">Review overdue: {shortDate(review.on)}</strong>
  ) : (
    <strong class="nhsuk-tag nhsuk-tag--yellow app-review-tag">Review due: {shortDate(review.on)}</strong>
  );
};

/**
 * The people who share with me, by name with their date of birth and NHS number, in family-name
 * order. Those with an unread request for help come first: the list itself reads no patient's plan
 * (each such read is audited), so "red" comes from my inbox; a review due or overdue comes with the
 * list (a date only, to readers of the plan). The API pages by id, so every page is
 * read before sorting.
 */
export const Patients = () => {
  const { api } = useApp();
  const data = useLoad(async () => {
    const readAll = async () => {
      const all: Shared[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.GET('/me/patients', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
        all.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return { all, more: cursor !== undefined };
    };
    const [patients, inbox] = await Promise.all([readAll(), api.GET('/me/notifications', { params: { query: { limit: 100 } } })]);
    const asking = new Set(inbox.items.filter((n) => !n.read && n.type === 'help-requested').map((n) => patientOfLink(n.link)));
    const rows = patients.all.map((p) => ({ ...p, askingForHelp: asking.has(p.patientId) }));
    rows.sort((a, b) => Number(b.askingForHelp) - Number(a.askingForHelp) || byFamilyName(a.patient, b.patient));
    return { rows, more: patients.more };
  }, []);
  if (data.loading) return <p role="status">Loading your patients…</p>;
  if (data.error || !data.data) return <ErrorSummary error={data.error} />;
  const { rows, more } = data.data;
  if (rows.length === 0) return <p>Nobody shares their plan with you at the moment.</p>;
  return (
    <>
      <Table
        className="app-patients"
        caption="People who share with you, those asking for help first, then by family name"
        headings={['Person', 'Born', 'NHS number', 'Status', 'Shared with you']}
        rows={rows}
        rowKey={(p) => p.patientId}
        cells={(p) => [
          // Their record opens at the plan; a part not shared says so there, in words.
          <a href={`#/patients/${encodeURIComponent(p.patientId)}/plan`}>{listName(p.patient)}</a>,
          born(p.patient.birthDate),
          p.patient.nhsNumber ?? 'Not recorded',
          <>
            {p.askingForHelp ? <strong class="nhsuk-tag nhsuk-tag--red">Red: asked for help</strong> : <span class="app-muted">No open request</span>}
            <ReviewTag review={p.review} />
          </>,
          p.scopes.join(', '),
        ]}
      />
      {more && <p class="nhsuk-body-s">Only the first {MAX_PAGES * 100} people are shown.</p>}
    </>
  );
};
