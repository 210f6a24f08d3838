import type { CrisisPlanContent } from '../../../shared/domain/crisis-plan';
import type { UrgentNumber } from '../../../shared/domain/red-alerts';
import { datesLine, newPdf, type PdfWriter } from './document';

/** ISO/IEC 7810 ID-1, a bank card: 85.6 x 54 mm, in points. */
const MM = 72 / 25.4;
export const CARD = { width: 85.6 * MM, height: 54 * MM } as const;
const PAD = 8;
const INNER = CARD.width - 2 * PAD;
const BODY = 7.5;
const FOOTER = 5.5;
const CARDS_PER_PAGE = 4;
const ROW_GAP = 14;
const PAGE_MARGIN = 36;

export interface CrisisCardInput {
  /** The patient's name as the directory has it ("Sally Brown"). */
  name: string;
  plan: CrisisPlanContent & { updatedAt?: string };
  urgentNumbers: readonly UrgentNumber[];
  /** The plan was last changed long ago: the page says to check it. */
  needsChecking: boolean;
  now: Date;
}

/** What flows through the card's panels: a heading kept with the line after it, or a line. */
type Flow = { heading: string } | { line: string };

const contactLine = (c: CrisisPlanContent['contacts'][number]): string =>
  `${c.name}${c.relationship && !c.name.includes(c.relationship) ? ` (${c.relationship})` : ''}${c.phone ? `: ${c.phone}` : ''}`;

/** Who to call, what helps, what to avoid, in the order a helper reads them. */
const flowOf = (plan: CrisisPlanContent): Flow[] => {
  const list = (heading: string, lines: readonly string[]): Flow[] => (lines.length ? [{ heading }, ...lines.map((line) => ({ line: `• ${line}` }))] : []);
  return [
    { heading: 'In a crisis, please call' },
    ...(plan.contacts.length ? plan.contacts.map((c) => ({ line: contactLine(c) })) : [{ line: 'Nobody in my crisis plan yet: the numbers below.' }]),
    ...list('What helps me', plan.whatHelps),
    ...list('What to avoid', plan.whatToAvoid),
  ];
};

/** Where panel `n` is: card n/2 on the page, front (left) or back (right) of the fold. */
const panelAt = (n: number, top: number): { x: number; y: number } => {
  const card = Math.floor(n / 2) % CARDS_PER_PAGE;
  return { x: PAGE_MARGIN + (n % 2) * CARD.width + PAD, y: top + card * (CARD.height + ROW_GAP) };
};

/**
 * The crisis card as an A4 page to print at actual size: each card a front and a back side by side,
 * to cut out, fold along the dashed line and laminate (a page of bank-card-sized pages is scaled up
 * to A4 by most printers' "fit to page"). The front of the first card names the patient and, at its
 * foot, always the urgent numbers; every side carries when the plan was last changed and printed.
 */
export const crisisCardPdf = async (input: CrisisCardInput): Promise<Buffer> => {
  const pdf = await newPdf({ title: 'My crisis card', now: input.now, size: 'A4', margin: PAGE_MARGIN });
  const { doc } = pdf;
  const dates = datesLine(input.plan.updatedAt, input.now);
  const top = instructions(pdf, input);
  const urgent = urgentBlock(input.urgentNumbers);
  const urgentHeight = heightOf(pdf, urgent);
  const footerHeight = FOOTER + 4;
  const bottomOf = (n: number) => panelAt(n, top).y + CARD.height - PAD - footerHeight - (n === 0 ? urgentHeight + 4 : 0);

  let panel = 0;
  let y = startPanel(pdf, panel, top, input.name, dates);
  let fresh = true;
  const flow = flowOf(input.plan);
  flow.forEach((item, i) => {
    const next = flow[i + 1];
    // A heading goes where its first line fits too.
    const needed = heightOf(pdf, [item]) + ('heading' in item && next ? heightOf(pdf, [next]) : 0);
    if (y + needed > bottomOf(panel) && !(fresh && panel > 0)) {
      panel += 1;
      if (panel % (2 * CARDS_PER_PAGE) === 0) doc.addPage();
      y = startPanel(pdf, panel, top, input.name, dates);
      fresh = true;
    }
    const { x } = panelAt(panel, top);
    const height = Math.min(heightOf(pdf, [item]), bottomOf(panel) - y);
    setFont(pdf, item);
    doc.text(pdf.text('heading' in item ? item.heading : item.line), x, y, { width: INNER, height, ellipsis: true });
    y += height + ('heading' in item ? 1 : 1.5);
    fresh = false;
  });
  writeUrgent(pdf, urgent, top, urgentHeight);
  // An odd number of sides leaves a blank back: it is still a card to fold.
  return pdf.finish();
};

const setFont = (pdf: PdfWriter, item: Flow) => pdf.font('heading' in item ? 'bold' : 'regular', BODY);

const heightOf = (pdf: PdfWriter, items: readonly Flow[]): number =>
  items.reduce((sum, item) => {
    setFont(pdf, item);
    return sum + pdf.doc.heightOfString(pdf.text('heading' in item ? item.heading : item.line), { width: INNER }) + 1.5;
  }, 0);

const urgentBlock = (numbers: readonly UrgentNumber[]): Flow[] => [{ heading: 'If you cannot reach them, or it is urgent' }, ...numbers.map((n) => ({ line: `${n.label}: ${n.number}` }))];

/** The urgent numbers at the foot of the first card's front, where they are never pushed off. */
const writeUrgent = (pdf: PdfWriter, block: readonly Flow[], top: number, height: number) => {
  const { x, y } = panelAt(0, top);
  let at = y + CARD.height - 2 * PAD - FOOTER - 4 - height + PAD;
  for (const item of block) {
    setFont(pdf, item);
    const words = pdf.text('heading' in item ? item.heading : item.line);
    pdf.doc.text(words, x, at, { width: INNER });
    at += pdf.doc.heightOfString(words, { width: INNER }) + 1.5;
  }
};

/** A side of a card: its outline and fold line with the first side of a card, its title on a front, its dates at its foot; where text starts. */
const startPanel = (pdf: PdfWriter, n: number, top: number, name: string, dates: string): number => {
  const { doc } = pdf;
  const { x, y } = panelAt(n, top);
  if (n % 2 === 0) {
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor('#000000')
      .rect(x - PAD, y, 2 * CARD.width, CARD.height)
      .stroke();
    doc
      .moveTo(x - PAD + CARD.width, y)
      .lineTo(x - PAD + CARD.width, y + CARD.height)
      .dash(3, { space: 3 })
      .stroke()
      .undash()
      .restore();
  }
  pdf.font('regular', FOOTER);
  doc.text(pdf.text(dates), x, y + CARD.height - PAD - FOOTER - 2, { width: INNER, lineBreak: false });
  if (n % 2 !== 0) return y + PAD;
  pdf.font('bold', 9);
  const title = pdf.text(n === 0 ? `Crisis card: ${name}` : `Crisis card: ${name} (continued)`);
  doc.text(title, x, y + PAD, { width: INNER, height: 12, ellipsis: true });
  return y + PAD + 14;
};

/** How to print and cut it, above the cards; where the cards start. */
const instructions = (pdf: PdfWriter, input: CrisisCardInput): number => {
  const { doc } = pdf;
  pdf.font('bold', 16);
  doc.text(pdf.text(`My crisis card: ${input.name}`), PAGE_MARGIN, PAGE_MARGIN);
  pdf.font('regular', 9.5);
  const lines = [
    'Print this page at actual size (100%, not "fit to page"). Cut along the solid lines, fold along the dashed line and laminate it if you like: a card the size of a bank card, to carry.',
    `${datesLine(input.plan.updatedAt, input.now)}. When your crisis plan changes, print a new card and throw the old one away.`,
    ...(input.needsChecking ? ['Your crisis plan was last changed more than six months ago: go through it with your care team before you rely on this card.'] : []),
  ];
  for (const line of lines) doc.moveDown(0.4).text(pdf.text(line), { width: 2 * CARD.width });
  return doc.y + 12;
};
