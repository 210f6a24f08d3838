import * as z from 'zod/mini';
import { outcomeReport, type OutcomeReport, OutcomeReportView } from '../../shared/domain/outcomes';
import { financialYear, FinancialYearQuery, PHB_CATEGORIES } from '../../shared/domain/phb';
import { defineRoute, type Route } from '../../shared/http/route';
import { readCurrentAggregates } from '../../shared/store/outcomes-repository';
import { readLibrary } from '../../shared/store/library-repository';
import { CSV, purchasesCsv } from './finance';

/**
 * The operator's outcome report: aggregates only (no patient is named or can be picked out); and the
 * year's PHB purchases for finance, each patient by NHS number, passed by the decision point and audited.
 */
export const routes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof FinancialYearQuery>, Record<string, string>, OutcomeReport>({
    method: 'GET',
    path: '/borough/outcomes',
    summary:
      'Outcome report: patients active this month (and the last 12); of patients 9+ months on the platform, the shares of closed goals fully and partly achieved and of ReQoL-10 improved / reliably improved; PHB users and approved items by category; per library programme, the patients whose plan has a step about it. Counts of 1 to 4 are withheld (null), as is any figure or share from which one could be worked out.',
    tags: ['borough'],
    access: { kind: 'roles', roles: ['operator'] },
    query: FinancialYearQuery,
    response: { status: 200, schema: OutcomeReportView },
    handle: async ({ deps, query }) => {
      const now = deps.clock();
      // Together (one round trip): the aggregates, and the library that names the programmes counted.
      const [aggregates, programmes] = await Promise.all([readCurrentAggregates(deps.store, deps.config.borough.id), readLibrary(deps.store, deps.config.borough.id)]);
      return outcomeReport(aggregates, now, query.financialYear ?? financialYear(now), deps.config.borough.reqol, PHB_CATEGORIES, programmes);
    },
  }),
  defineRoute<undefined, z.infer<typeof FinancialYearQuery>, Record<string, string>, string>({
    method: 'GET',
    path: '/borough/phb-purchases.csv',
    summary:
      "The financial year's PHB purchases for finance, a CSV file (RFC 4180, UTF-8): one row per request bought with that year's money, oldest order first: NHS number, category, supplier, order reference, ordered on, delivered on, approved, actual cost and returned to budget (£), status. Nothing clinical, no name; each patient in it is audited in their access log.",
    tags: ['borough'],
    access: { kind: 'roles', roles: ['operator'] },
    query: FinancialYearQuery,
    response: { status: 200, schema: z.string(), contentType: CSV },
    example: { query: { financialYear: '2026' } },
    handle: purchasesCsv,
  }),
];
