import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { useLoad } from '../load';
import type { Inbox } from './Notifications';

interface SharedPatient {
  patientId: string;
  scopes: string[];
}

const patientOfLink = (link: string | undefined): string | undefined => /^\/patients\/([^/]+)\//.exec(link ?? '')?.[1];

/**
 * The people who share with me. Those with an unread request for help come first: the list itself
 * reads no patient's plan (each such read is audited), so "red" comes from my inbox.
 */
export const Patients = () => {
  const { api } = useApp();
  const data = useLoad(async () => {
    const [patients, inbox] = await Promise.all([api<{ items: SharedPatient[] }>('/me/patients?limit=100'), api<Inbox>('/me/notifications?limit=100')]);
    const asking = new Set(inbox.items.filter((n) => !n.read && n.type === 'help-requested').map((n) => patientOfLink(n.link)));
    const rows = patients.items.map((p) => ({ ...p, askingForHelp: asking.has(p.patientId) }));
    rows.sort((a, b) => Number(b.askingForHelp) - Number(a.askingForHelp) || a.patientId.localeCompare(b.patientId));
    return rows;
  }, []);
  if (data.loading) return <p role="status">Loading your patients…</p>;
  if (data.error || !data.data) return <ErrorSummary error={data.error} />;
  if (data.data.length === 0) return <p>Nobody shares their plan with you at the moment.</p>;
  return (
    <table class="nhsuk-table app-patients">
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">People who share with you, those asking for help first</caption>
      <thead class="nhsuk-table__head">
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Status</th>
          <th scope="col">Shared with you</th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {data.data.map((p) => (
          <tr class="nhsuk-table__row" key={p.patientId}>
            <td class="nhsuk-table__cell">{p.scopes.includes('plan:read') ? <a href={`#/patients/${encodeURIComponent(p.patientId)}/plan`}>{p.patientId}</a> : p.patientId}</td>
            <td class="nhsuk-table__cell">{p.askingForHelp ? <strong class="nhsuk-tag nhsuk-tag--red">Red: asked for help</strong> : <span class="app-muted">No open request</span>}</td>
            <td class="nhsuk-table__cell">{p.scopes.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
