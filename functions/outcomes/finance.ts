import type * as z from 'zod/mini';
import { FINANCE_ACTION } from '../../shared/domain/consent';
import { PURCHASE_COLUMNS, purchaseRows, purchasesFilename, toCsv } from '../../shared/domain/finance-csv';
import { financialYear, type FinancialYearQuery } from '../../shared/domain/phb';
import { fileResponse } from '../../shared/http/responses';
import type { RouteContext } from '../../shared/http/route';
import { decideForQueue } from '../../shared/record/queue-access';
import { getPeople } from '../../shared/store/directory-repository';
import { purchasesOfYear } from '../../shared/store/phb-purchases';

export const CSV = 'text/csv; charset=utf-8';

/**
 * The year's PHB purchases as a CSV file for finance. Each patient in it passes the decision point
 * (`phb:finance`, on the basis of the PHB process) and is audited in their access log, as in the
 * advisors' queue; their NHS numbers are read beside the audit heads (no extra round trip). A patient
 * the decision refuses (the operator's own record) is left out.
 */
export const purchasesCsv = async (ctx: RouteContext<undefined, z.infer<typeof FinancialYearQuery>, unknown>): Promise<Response> => {
  const { store, config } = ctx.deps;
  const fy = ctx.query.financialYear ?? financialYear(ctx.deps.clock());
  const purchases = await purchasesOfYear(store, config.borough.id, fy);
  const { shown, read: people } = await decideForQueue(
    ctx,
    purchases.map((p) => p.patientId),
    FINANCE_ACTION,
    (ids) => getPeople(store, config.borough.id, ids),
  );
  const rows = purchaseRows(
    purchases.filter((p) => shown.has(p.patientId)),
    (patientId) => people?.get(patientId)?.nhsNumber,
  );
  return fileResponse(toCsv(PURCHASE_COLUMNS, rows), CSV, purchasesFilename(fy));
};
