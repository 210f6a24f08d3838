import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { useLoad } from '../load';

const patientOfLink = (link: string | undefined): string | undefined => /^\/patients\/([^/]+)\//.exec(link ?? '')?.[1];

/**
 * The people who share with me. Those with an unread request for help come first: the list itself
 * reads no patient's plan (each such read is audited), so "red" comes from my inbox.
 */
export const Patients = () => {
  const { api } = useApp();
  const data = useLoad(async () => {
    const [patients, inbox] = await Promise.all([api.GET('/me/patients', { params: { query: { limit: 100 } } }), api.GET('/me/notifications', { params: { query: { limit: 100 } } })]);
    const asking = new Set(inbox.items.filter((n) => !n.read && n.type === 'help-requested').map((n) => patientOfLink(n.link)));
    const rows = patients.items.map((p) => ({ ...p, askingForHelp: asking.has(p.patientId) }));
    rows.sort((a, b) => Number(b.askingForHelp) - Number(a.askingForHelp) || a.patientId.localeCompare(b.patientId));
    return rows;
  }, []);
  if (data.loading) return <p role="status">Loading your patients…</p>;
  if (data.error || !data.data) return <ErrorSummary error={data.error} />;
  if (data.data.length === 0) return <p>Nobody shares their plan with you at the moment.</p>;
  return (
    <Table
      className="app-patients"
      caption="People who share with you, those asking for help first"
      headings={['Person', 'Status', 'Shared with you']}
      rows={data.data}
      rowKey={(p) => p.patientId}
      cells={(p) => [
        p.scopes.includes('plan:read') ? <a href={`#/patients/${encodeURIComponent(p.patientId)}/plan`}>{p.patientId}</a> : p.patientId,
        p.askingForHelp ? <strong class="nhsuk-tag nhsuk-tag--red">Red: asked for help</strong> : <span class="app-muted">No open request</span>,
        p.scopes.join(', '),
      ]}
    />
  );
};
