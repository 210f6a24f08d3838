import type { Achievement, Goal, Plan, Rag } from '../../../shared/domain/plan';
import { datesLine, newPdf, printedDate, type PdfWriter } from './document';

const MARGIN = 56;

/** The words the web app shows (web/src/components/Rag.tsx, pages/PlanEditing.tsx, pages/Plan.tsx): the printout says what the screen says. */
const RAG_WORDS: Record<Rag, string> = { green: 'Green: going well', orange: 'Orange: some difficulties', red: 'Red: I need help' };
/** NHS colours of the web app's tags. */
const RAG_COLOURS: Record<Rag, string> = { green: '#007f3b', orange: '#ed8b00', red: '#d5281b' };
const CATEGORY_WORDS: Record<Goal['category'], string> = { mental: 'My mental health and wellbeing', physical: 'My physical health', social: 'My social life, work or learning' };
const ACHIEVEMENT_WORDS: Record<Achievement, string> = { achieved: 'I got there', 'partly-achieved': 'I got part of the way', 'not-achieved': 'It did not work out' };
const SECTIONS = [
  ['whatMattersToMe', 'What matters to me'],
  ['whatHelpsMeStayWell', 'What helps me stay well'],
  ['mySupportNetwork', 'My support network'],
] as const;

export interface PlanPdfInput {
  /** The patient's name as the directory has it. */
  name: string;
  plan: Plan;
  /** Who added a step, as the app names them ("Miriam Okafor, Psychotherapist, ELFT"); undefined for the patient's own. */
  stepAuthor: (step: Goal['steps'][number]) => string | undefined;
  now: Date;
}

/**
 * The recovery plan on A4: the patient's sections, then each goal (in the plan's order) with its
 * latest RAG status in words beside a swatch of its colour, its target, and its steps (a
 * contributor's signed with their name); when the plan was last changed and printed on every page.
 * Only the plan itself: no comments, RAG notes, log or alerts.
 */
export const planPdf = async ({ name, plan, stepAuthor, now }: PlanPdfInput): Promise<Buffer> => {
  const pdf = await newPdf({ title: 'My recovery plan', now, size: 'A4', margin: MARGIN });
  const { doc } = pdf;
  const width = doc.page.width - 2 * MARGIN;
  const para = (words: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(pdf.text(words, true), { width, ...options });

  pdf.font('bold', 20);
  para('My recovery plan');
  pdf.font('regular', 13);
  para(name);
  pdf.font('regular', 10);
  doc.moveDown(0.3);
  para(`${datesLine(plan.updatedAt, now)}.`);
  if (plan.review) para(`Next review: ${printedDate(`${plan.review.on}T12:00:00Z`)}.`);

  for (const [key, heading] of SECTIONS) {
    heading2(pdf, heading, width);
    pdf.font('regular', 11);
    para(plan.sections[key].trim() || 'Not written yet.');
  }

  const goals = Object.values(plan.goals).sort((a, b) => a.order - b.order);
  heading2(pdf, 'My goals', width);
  if (goals.length === 0) {
    pdf.font('regular', 11);
    para('No goals yet.');
  }
  for (const goal of goals) writeGoal(pdf, goal, stepAuthor, width);

  footers(pdf, datesLine(plan.updatedAt, now));
  return pdf.finish();
};

const heading2 = (pdf: PdfWriter, words: string, width: number) => {
  pdf.doc.moveDown(0.8);
  pdf.font('bold', 14);
  pdf.doc.text(pdf.text(words), { width });
  pdf.doc.moveDown(0.2);
};

const writeGoal = (pdf: PdfWriter, goal: Goal, stepAuthor: PlanPdfInput['stepAuthor'], width: number) => {
  const { doc } = pdf;
  // A goal starts on a new page rather than with its title alone at the foot of one.
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6);
  pdf.font('bold', 12);
  doc.text(pdf.text(goal.description, true), { width });
  pdf.font('regular', 10);
  const about = [CATEGORY_WORDS[goal.category], goal.targetDate ? `target date ${printedDate(`${goal.targetDate}T12:00:00Z`)}` : undefined].filter(Boolean).join(' · ');
  doc.text(pdf.text(about), { width });
  if (goal.status === 'closed' && goal.achievement) doc.text(pdf.text(`Closed ${printedDate(goal.closedAt)}: ${ACHIEVEMENT_WORDS[goal.achievement]}`), { width });
  else ragLine(pdf, goal, width);
  for (const step of goal.steps) {
    const by = stepAuthor(step);
    doc.text(pdf.text(`${step.done ? '☑ Done:' : '☐'} ${step.text}${by ? ` (added by ${by})` : ''}`, true), { width, indent: 12 });
  }
};

/** The latest RAG status in words, with a square of its colour before them (colour alone says nothing to many readers). */
const ragLine = (pdf: PdfWriter, goal: Goal, width: number) => {
  const { doc } = pdf;
  if (!goal.rag) {
    doc.text('No update yet', { width });
    return;
  }
  const size = 8;
  const { x, y } = doc;
  doc
    .save()
    .rect(x, y + 1.5, size, size)
    .fill(RAG_COLOURS[goal.rag.status])
    .restore();
  doc.fillColor('#000000').text(pdf.text(`${RAG_WORDS[goal.rag.status]} (${printedDate(goal.rag.at)})`), x + size + 5, y, { width: width - size - 5 });
  doc.x = x;
};

/** Each page's foot: the dates and "page 2 of 3", below the text area. */
const footers = (pdf: PdfWriter, dates: string) => {
  const { doc } = pdf;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    pdf.font('regular', 8);
    doc.text(pdf.text(`${dates} · page ${i - start + 1} of ${count}`), MARGIN, doc.page.height - MARGIN + 16, { width: doc.page.width - 2 * MARGIN, lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
};
