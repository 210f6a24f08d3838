import type { BudgetMovement } from './budget-ledger';
import { ourConcept, ourExtension } from './fhir-systems';
import type { Budget, PhbRequest } from './phb';

type FhirResource = Record<string, unknown>;
type Extension = { url: string } & Record<string, unknown>;

/**
 * Personal health budget requests, budgets and their statements have no FHIR resource: each is a FHIR
 * R4 `Basic` with our code and one extension per field (docs/export.md names them: `phb-<field>`).
 * Money is `valueMoney` in pounds (GBP); who acted is a reference to the Patient or Practitioner.
 */

const money = (pence: number) => ({ value: pence / 100, currency: 'GBP' });
const ext = (field: string, value: Record<string, unknown>): Extension => ({ url: ourExtension(`phb-${field}`), ...value });
const optional = (field: string, value: unknown, as: (v: never) => Record<string, unknown>): Extension[] =>
  value === undefined || value === null || value === '' ? [] : [ext(field, as(value as never))];
const str = (v: string) => ({ valueString: v });
const code = (v: string) => ({ valueCode: v });
const when = (v: string) => ({ valueDateTime: v });
const day = (v: string) => ({ valueDate: v });
const pounds = (v: number) => ({ valueMoney: money(v) });
const whoRef = (patientId: string, userId: string) => ({ valueReference: { reference: userId === patientId ? `Patient/${patientId}` : `Practitioner/${userId}` } });

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });
/** A financial year as people write it: 2026 is "2026-27". */
const yearLabel = (startYear: number) => str(`${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`);

/** A PHB request: what, why, how much, for which goal, and every step it went through (who, when, their words). */
export const toFhirPhbRequest = (r: PhbRequest): FhirResource => ({
  resourceType: 'Basic',
  id: `phb-${r.requestId}`,
  code: ourConcept('record-entry', 'phb-request', 'Personal health budget request'),
  subject: patientRef(r.patientId),
  created: r.submittedAt.slice(0, 10),
  author: r.submittedBy.asPatient ? patientRef(r.patientId) : { reference: `Practitioner/${r.submittedBy.userId}` },
  extension: [
    ext('status', code(r.status)),
    ext('category', code(r.category)),
    ext('item', str(r.item)),
    ext('amount', pounds(r.amountPence)),
    ext('goal', { valueReference: { reference: `Goal/${r.goalId}`, ...(r.goalDescription ? { display: r.goalDescription } : {}) } }),
    ext('why-it-helps', str(r.whyItHelps)),
    ext('alternatives-considered', str(r.alternativesConsidered)),
    ext('submitted', when(r.submittedAt)),
    ...optional('decided', r.decidedAt, when),
    ...optional('decline-reason', r.declineReason, str),
    ...optional('financial-year', r.financialYear, yearLabel),
    ...(r.order
      ? [
          ext('order', {
            extension: [
              { url: 'supplier', valueString: r.order.supplier },
              { url: 'reference', valueString: r.order.orderReference },
              { url: 'actual-cost', valueMoney: money(r.order.actualCostPence) },
              { url: 'ordered', valueDateTime: r.order.orderedAt },
            ],
          }),
        ]
      : []),
    ...optional('delivered', r.deliveredOn, day),
    ...optional('review-due', r.reviewDueOn, day),
    ...(r.review
      ? [
          ext('review', {
            extension: [
              { url: 'helped', valueCode: r.review.helped },
              ...(r.review.inTheirWords ? [{ url: 'in-their-words', valueString: r.review.inTheirWords }] : []),
              { url: 'at', valueDateTime: r.review.at },
            ],
          }),
        ]
      : []),
    ...(r.history ?? []).map((h) =>
      ext('step', {
        extension: [
          { url: 'step', valueCode: h.step },
          { url: 'at', valueDateTime: h.at },
          { url: 'by', ...whoRef(r.patientId, h.by) },
          ...(h.note ? [{ url: 'note', valueString: h.note }] : []),
          ...(h.amountPence !== undefined ? [{ url: 'amount', valueMoney: money(h.amountPence) }] : []),
        ],
      }),
    ),
  ],
});

/** A financial year's budget: allocated, committed to approved requests, spent, and what is left. */
export const toFhirBudget = (b: Budget): FhirResource => ({
  resourceType: 'Basic',
  id: `budget-${b.patientId}-${b.financialYear}`.slice(0, 64),
  code: ourConcept('record-entry', 'phb-budget', 'Personal health budget for a financial year'),
  subject: patientRef(b.patientId),
  extension: [
    ext('financial-year', yearLabel(b.financialYear)),
    ext('allocated', pounds(b.allocatedPence)),
    ext('committed', pounds(b.committedPence)),
    ext('spent', pounds(b.spentPence)),
    ext('remaining', pounds(b.remainingPence)),
  ],
});

/** A line of a budget's statement: what moved, when, by whom, why, for which request. */
export const toFhirBudgetMovement = (patientId: string, m: BudgetMovement): FhirResource => ({
  resourceType: 'Basic',
  id: `budget-move-${m.movementId}`.slice(0, 64),
  code: ourConcept('record-entry', 'phb-budget-movement', 'A line of a personal health budget statement'),
  subject: patientRef(patientId),
  created: m.at.slice(0, 10),
  author: m.by === patientId ? patientRef(patientId) : { reference: `Practitioner/${m.by}` },
  extension: [
    ext('movement', code(m.kind)),
    ext('at', when(m.at)),
    ext('financial-year', yearLabel(m.financialYear)),
    ext('allocated', pounds(m.change.allocatedPence)),
    ext('committed', pounds(m.change.committedPence)),
    ext('spent', pounds(m.change.spentPence)),
    ext('remaining', pounds(m.change.remainingPence)),
    ...optional('reason', m.reason, str),
    ...optional('request', m.requestId, (id: string) => ({ valueReference: { reference: `Basic/phb-${id}` } })),
    ...optional('category', m.category, code),
  ],
});
