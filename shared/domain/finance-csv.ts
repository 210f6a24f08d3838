import { formatNhsNumber } from './people';
import { financialYearLabel, londonDay, type PhbCategory, type PhbRequest } from './phb';

/**
 * The borough's PHB purchases of a financial year, for finance: one row per request bought with that
 * year's money, the patient by NHS number only. Nothing clinical and nothing the patient or an advisor
 * wrote about the patient: not the goal, why it helps, the alternatives, the review, nor the item's own
 * words (`item` is typed by the patient and may say why they need it); the kind of thing stands for it.
 * Supplier and order reference are an advisor's bookkeeping words, kept because finance matches them.
 */

/** What a row is made from: the purchase's facts, never its words about the patient. */
export type Purchase = Pick<PhbRequest, 'requestId' | 'patientId' | 'category' | 'amountPence' | 'status' | 'deliveredOn'> & {
  order: Pick<NonNullable<PhbRequest['order']>, 'supplier' | 'orderReference' | 'actualCostPence' | 'orderedAt'>;
};

const CATEGORY: Record<PhbCategory, string> = {
  phone: 'Phone',
  laptop: 'Laptop',
  tablet: 'Tablet',
  gym: 'Gym',
  swimming: 'Swimming',
  class: 'Class or course',
  'cinema-club': 'Cinema club',
  'therapy-app': 'Therapy app',
  other: 'Other',
};

const STATUS: Partial<Record<PhbRequest['status'], string>> = { ordered: 'Ordered', delivered: 'Delivered', closed: 'Closed' };

export const PURCHASE_COLUMNS = ['NHS number', 'Category', 'Supplier', 'Order reference', 'Ordered on', 'Delivered on', 'Approved (£)', 'Actual cost (£)', 'Returned to budget (£)', 'Status'] as const;

/** Pence as pounds with pence, as a spreadsheet reads a number: 11999 -> "119.99". */
export const poundsAndPence = (pence: number): string => `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;

/** The rows, oldest order first; `nhsNumberOf` gives the patient's NHS number (10 digits), if the directory has it. */
export const purchaseRows = (purchases: readonly Purchase[], nhsNumberOf: (patientId: string) => string | undefined): string[][] =>
  [...purchases]
    .sort((a, b) => a.order.orderedAt.localeCompare(b.order.orderedAt) || a.requestId.localeCompare(b.requestId))
    .map((p) => {
      const nhs = nhsNumberOf(p.patientId);
      return [
        nhs ? formatNhsNumber(nhs) : '',
        CATEGORY[p.category],
        p.order.supplier,
        p.order.orderReference,
        londonDay(new Date(p.order.orderedAt)),
        p.deliveredOn ?? '',
        poundsAndPence(p.amountPence),
        poundsAndPence(p.order.actualCostPence),
        poundsAndPence(p.amountPence - p.order.actualCostPence),
        STATUS[p.status] ?? p.status,
      ];
    });

/**
 * One cell of CSV (RFC 4180), safe to open in a spreadsheet: a cell that a spreadsheet would run as a
 * formula (starting with = + - @, their full-width forms, white space, a control or invisible character) gets a leading apostrophe, as OWASP
 * advises; a cell with a quote, comma or line break is quoted, its quotes doubled.
 * @example csvCell('=HYPERLINK("x")') // "'=HYPERLINK(""x"")" in quotes
 */
export const csvCell = (value: string): string => {
  // Also whatever a spreadsheet may skip before a formula: spaces, control and invisible characters, a full-width =.
  const safe = /^[=+\-@\s\p{Cc}\p{Cf}\uFF1D\uFF0B\uFF0D\uFF20]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The whole file: a byte order mark (so that spreadsheets read it as UTF-8, "£" included), the
 * heading row, then the rows, each line ended by CRLF (RFC 4180).
 */
export const toCsv = (headings: readonly string[], rows: readonly (readonly string[])[]): string => `\uFEFF${[headings, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`;

/** @example purchasesFilename(2026) // 'phb-purchases-2026-27.csv' */
export const purchasesFilename = (fy: number): string => `phb-purchases-${financialYearLabel(fy).replace('/', '-')}.csv`;
