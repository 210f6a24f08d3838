import { useState } from 'preact/hooks';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { SummaryList } from '../components/SummaryList';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { DownloadButton } from '../components/DownloadButton';
import { useLoad } from '../load';
import { CATEGORY_WORDS } from './Budget';
import { pounds } from './money';

/** GET /borough/outcomes (shared/domain/outcomes.ts): counts only, small numbers withheld. */
type OutcomeReport = Answer<'/borough/outcomes'>;
/** A count as the API gives it: null when withheld (1 to 4, or a figure from which such a count could be worked out). */
type Count = OutcomeReport['patients']['onPlatform'];
type Share = OutcomeReport['cohort']['fullyAchieved'];
type Phb = OutcomeReport['phb'];

const monthName = (month: string): string => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const count = (n: Count): string => (n === null ? 'fewer than 5' : String(n));
const firstUpper = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const money = (pence: number | null): string => (pence === null ? 'withheld' : pounds(pence));
const days = (n: number | null): string => (n === null ? 'withheld (fewer than 5 deliveries)' : `${n} ${n === 1 ? 'day' : 'days'}`);
const percent = (s: Share): string => (s.withheld ? 'withheld (small numbers)' : s.share === null ? 'no data' : `${Math.round(s.share * 100)}% (${s.count} of ${s.of})`);

/** Bars with their numbers written on them; a withheld one has no bar and says "fewer than 5". */
const BarChart = ({ title, bars }: { title: string; bars: { label: string; value: Count }[] }) => {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const width = 36;
  const height = 160;
  // At least a year's width, so that a chart of a few bars is drawn to the same scale, not blown up.
  return (
    <svg class="app-chart" viewBox={`0 0 ${Math.max(bars.length, 12) * width} ${height + 40}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${count(b.value)}`).join(', ')}`}>
      {bars.map((b, i) => {
        const x = i * width + width / 2;
        const h = Math.round(((b.value ?? 0) / max) * height);
        return (
          <g key={b.label}>
            {b.value === null ? (
              <text x={x} y={height - 2} text-anchor="middle" font-size="9" font-style="italic" fill="#4c6272">
                <tspan x={x}>fewer</tspan>
                <tspan x={x} dy="11">
                  than 5
                </tspan>
              </text>
            ) : (
              <>
                <rect x={i * width + 4} y={height - h + 14} width={width - 8} height={h} fill="#005eb8" />
                <text x={x} y={height - h + 10} text-anchor="middle" font-size="10" fill="#212b32">
                  {b.value}
                </text>
              </>
            )}
            <text x={x} y={height + 30} text-anchor="middle" font-size="9" fill="#4c6272">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

/** The financial year (1 April to 31 March) of today, by the year it starts in. */
const thisFinancialYear = (now = new Date()): number => (now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1);
const yearLabel = (fy: number): string => `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
/** The years offered: this one and the four before. */
const YEARS_SHOWN = 5;

/** The operator's outcome report for the borough: people using it, outcomes of the nine-month cohort, PHB use. */
export const Outcomes = () => {
  const { api } = useApp();
  const [year, setYear] = useState(thisFinancialYear());
  const report = useLoad(() => api.GET('/borough/outcomes', { params: { query: { financialYear: year } } }), [year]);
  if (report.loading) return <p role="status">Loading the report…</p>;
  if (report.error || !report.data) return <ErrorSummary error={report.error} />;
  const r = report.data;
  return (
    <>
      <p class="nhsuk-body-s app-muted">
        As of {new Date(r.asOf).toLocaleString('en-GB')}. Counts only. A count of 1 to 4 could point at a person: it shows as “fewer than 5”, and any figure it could be worked out from is withheld.
      </p>
      <h2 class="nhsuk-heading-m">People using the platform</h2>
      <p>
        {firstUpper(count(r.patients.activeThisMonth))} active in {monthName(r.patients.month)}; {count(r.patients.onPlatform)} have used it since it started.
      </p>
      <BarChart title="Active patients by month" bars={r.patients.activeByMonth.map((m) => ({ label: monthName(m.month), value: m.patients }))} />
      <h2 class="nhsuk-heading-m">Messages</h2>
      <p>
        {firstUpper(count(r.messages.activeConversationsThisMonth))} conversations between patients and their care teams had a message in {monthName(r.patients.month)}.
      </p>
      <BarChart title="Conversations with a message, by month" bars={r.messages.activeConversationsByMonth.map((m) => ({ label: monthName(m.month), value: m.conversations }))} />
      <h2 class="nhsuk-heading-m">Outcomes after nine months</h2>
      <p>{r.cohort.description}.</p>
      <SummaryList
        rows={[
          ['Patients', count(r.cohort.patients)],
          ['Goals closed', count(r.cohort.closedGoals)],
          ['Goals fully achieved', percent(r.cohort.fullyAchieved)],
          ['Goals partly achieved', percent(r.cohort.partlyAchieved)],
          ['With two or more ReQoL-10 responses', count(r.cohort.reqol.withTwoOrMoreResponses)],
          ['ReQoL-10 improved', percent(r.cohort.reqol.improved)],
          ['ReQoL-10 reliably improved', percent(r.cohort.reqol.reliablyImproved)],
        ]}
      />
      <h2 class="nhsuk-heading-m">Programmes taken up from the library</h2>
      <p>For each programme of the library, how many patients have a step about it on their plan. Never who.</p>
      <SummaryList rows={r.library.uptake.map((u) => [u.status === 'retired' ? `${u.name} (retired)` : u.name, count(u.patients)])} />
      <h2 class="nhsuk-heading-m">Personal health budgets, {yearLabel(r.phb.financialYear)}</h2>
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="phb-year">
          Financial year
        </label>
        <select
          class="nhsuk-select"
          id="phb-year"
          value={year}
          onChange={(e) => {
            setYear(Number(e.currentTarget.value));
          }}
        >
          {Array.from({ length: YEARS_SHOWN }, (_, i) => thisFinancialYear() - i).map((fy) => (
            <option key={fy} value={fy}>
              {yearLabel(fy)} (1 April {fy} to 31 March {fy + 1})
            </option>
          ))}
        </select>
      </div>
      <PhbFigures phb={r.phb} />
      <FinanceDownload financialYear={r.phb.financialYear} />
    </>
  );
};

/** Approved and bought by kind, and how long deliveries took, for one financial year. */
const PhbFigures = ({ phb }: { phb: Phb }) => {
  const categories = Object.entries(phb.byCategory).filter(([, c]) => c.approved !== 0);
  const delivery = phb.timeToDelivery;
  return (
    <>
      <p>{firstUpper(count(phb.users))} people have had something approved.</p>
      {categories.length > 0 && (
        <>
          {categories.some(([, c]) => c.approved !== null) && <BarChart title="Approved items by kind" bars={categories.map(([k, c]) => ({ label: k, value: c.approved }))} />}
          <Table
            caption="Approved and bought by kind"
            showCaption
            responsive
            headings={['Kind', 'Approved', 'Amount approved', 'Bought', 'Spent']}
            rows={categories}
            rowKey={([k]) => k}
            cells={([k, c]) => [(CATEGORY_WORDS as Record<string, string | undefined>)[k] ?? k, count(c.approved), money(c.approvedPence), count(c.bought), money(c.spentPence)]}
          />
        </>
      )}
      <h3 class="nhsuk-heading-s">From request to delivery</h3>
      <p>Of the requests delivered this financial year, whole days from the day the patient asked to the day it was delivered.</p>
      <SummaryList
        rows={[
          ['Delivered', count(delivery.delivered)],
          ['Half were delivered within', days(delivery.medianDays)],
          ['9 in 10 were delivered within', days(delivery.p90Days)],
        ]}
      />
    </>
  );
};

/** The year's purchases as a CSV file for finance: NHS numbers, no names, nothing clinical; each patient's access log records it. */
const FinanceDownload = ({ financialYear }: { financialYear: number }) => {
  const { api } = useApp();
  return (
    <>
      <h3 class="nhsuk-heading-s">For finance</h3>
      <p>
        Every purchase of {yearLabel(financialYear)}: NHS number, kind, supplier, order reference, dates and amounts. No names and nothing about anyone’s health; each patient’s record shows that their
        purchases were in it.
      </p>
      <DownloadButton label="Download purchases for finance (CSV)" download={() => api.download('/borough/phb-purchases.csv', { params: { query: { financialYear } } })} />
    </>
  );
};
