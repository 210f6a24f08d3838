import { useApp } from '../app-context';
import { SummaryList } from '../components/SummaryList';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { useLoad } from '../load';
import { CATEGORY_WORDS } from './Budget';
import { pounds } from './money';

interface Share {
  of: number;
  count: number | null;
  share: number | null;
  withheld: boolean;
}

/** GET /borough/outcomes (shared/domain/outcomes.ts): counts only, small numbers withheld. */
interface OutcomeReport {
  asOf: string;
  patients: { activeThisMonth: number; month: string; activeByMonth: { month: string; patients: number }[]; onPlatform: number };
  cohort: { description: string; patients: number; closedGoals: number; fullyAchieved: Share; partlyAchieved: Share; reqol: { withTwoOrMoreResponses: number; improved: Share; reliablyImproved: Share } };
  phb: { financialYear: number; users: number; byCategory: Record<string, { approved: number; approvedPence: number }> };
}

const monthName = (month: string): string => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const percent = (s: Share): string => (s.withheld ? 'withheld (fewer than 5)' : s.share === null ? 'no data' : `${Math.round(s.share * 100)}% (${s.count} of ${s.of})`);

/** Bars with their numbers written on them; the same figures are in the table below each chart. */
const BarChart = ({ title, bars }: { title: string; bars: { label: string; value: number }[] }) => {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 36;
  const height = 160;
  return (
    <svg class="app-chart" viewBox={`0 0 ${bars.length * width} ${height + 40}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`}>
      {bars.map((b, i) => {
        const h = Math.round((b.value / max) * height);
        return (
          <g key={b.label}>
            <rect x={i * width + 4} y={height - h + 14} width={width - 8} height={h} fill="#005eb8" />
            <text x={i * width + width / 2} y={height - h + 10} text-anchor="middle" font-size="10" fill="#212b32">
              {b.value}
            </text>
            <text x={i * width + width / 2} y={height + 30} text-anchor="middle" font-size="9" fill="#4c6272">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

/** The operator's outcome report for the borough: people using it, outcomes of the nine-month cohort, PHB use. */
export const Outcomes = () => {
  const { api } = useApp();
  const report = useLoad(() => api<OutcomeReport>('/borough/outcomes'), []);
  if (report.loading) return <p role="status">Loading the report…</p>;
  if (report.error || !report.data) return <ErrorSummary error={report.error} />;
  const r = report.data;
  const categories = Object.entries(r.phb.byCategory).filter(([, c]) => c.approved > 0);
  return (
    <>
      <p class="nhsuk-body-s app-muted">As of {new Date(r.asOf).toLocaleString('en-GB')}. Counts only; any figure from fewer than 5 people is withheld.</p>
      <h2 class="nhsuk-heading-m">People using the platform</h2>
      <p>
        {r.patients.activeThisMonth} active in {monthName(r.patients.month)}; {r.patients.onPlatform} have used it since it started.
      </p>
      <BarChart title="Active patients by month" bars={r.patients.activeByMonth.map((m) => ({ label: monthName(m.month), value: m.patients }))} />
      <h2 class="nhsuk-heading-m">Outcomes after nine months</h2>
      <p>{r.cohort.description}.</p>
      <SummaryList
        rows={[
          ['Patients', String(r.cohort.patients)],
          ['Goals closed', String(r.cohort.closedGoals)],
          ['Goals fully achieved', percent(r.cohort.fullyAchieved)],
          ['Goals partly achieved', percent(r.cohort.partlyAchieved)],
          ['With two or more ReQoL-10 responses', String(r.cohort.reqol.withTwoOrMoreResponses)],
          ['ReQoL-10 improved', percent(r.cohort.reqol.improved)],
          ['ReQoL-10 reliably improved', percent(r.cohort.reqol.reliablyImproved)],
        ]}
      />
      <h2 class="nhsuk-heading-m">Personal health budgets, {r.phb.financialYear}/{String((r.phb.financialYear + 1) % 100).padStart(2, '0')}</h2>
      <p>{r.phb.users} people have had something approved.</p>
      {categories.length > 0 && (
        <>
          <BarChart title="Approved items by kind" bars={categories.map(([k, c]) => ({ label: k, value: c.approved }))} />
          <Table
            caption="Approved by kind"
            showCaption
            headings={['Kind', 'Items', 'Amount']}
            rows={categories}
            rowKey={([k]) => k}
            cells={([k, c]) => [CATEGORY_WORDS[k] ?? k, c.approved, pounds(c.approvedPence)]}
          />
        </>
      )}
    </>
  );
};
