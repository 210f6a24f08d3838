// A require, not an import: esbuild then takes pdfkit's CommonJS build, which finds its own folder by
// `__filename`; its ES module build uses `import.meta.url`, which a CommonJS bundle (Lambda) lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import PDFDocument = require('pdfkit');
import { londonDay } from '../../../shared/domain/calendar';
import { reviewDateWords } from '../../../shared/domain/reviews';
import { pdfFonts, type FontName } from './fonts';
import { printable, type HasGlyph } from './printable';

/** A PDF being written: pdfkit's document set in DejaVu Sans, and `text` to make any words printable in it. */
export interface PdfWriter {
  doc: PDFKit.PDFDocument;
  /** The words as the fonts print them (see printable.ts); `keepLines` keeps the writer's line breaks. */
  text(words: string, keepLines?: boolean): string;
  font(name: FontName, size: number): PDFKit.PDFDocument;
  /** The finished file. */
  finish(): Promise<Buffer>;
}

/** pdfkit's font engine (fontkit) under the current font: pdfkit 0.20 offers no glyph query of its own. */
const glyphsOf = (doc: PDFKit.PDFDocument): HasGlyph => {
  const engine = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: unknown } } })._font?.font;
  const has = engine?.hasGlyphForCodePoint;
  if (typeof has !== 'function') throw new Error('pdfkit no longer exposes its font engine: printable text needs another glyph query');
  return (codePoint) => Boolean(has.call(engine, codePoint));
};

/**
 * A new PDF in DejaVu Sans, regular and bold, registered from their bytes before any text: pdfkit's
 * default Helvetica is never opened. Dated `now` (the deps' clock), titled, in British English.
 * @example const pdf = await newPdf({ title: 'My crisis card', now, size: 'A4' });
 */
export const newPdf = async ({ title, now, size, margin }: { title: string; now: Date; size: PDFKit.PDFDocumentOptions['size']; margin: number }): Promise<PdfWriter> => {
  const fonts = await pdfFonts();
  const doc = new PDFDocument({
    font: fonts.regular as unknown as string,
    size,
    margin,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Creator: 'Recovery platform', Producer: 'Recovery platform', CreationDate: now },
  });
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold);
  doc.font('regular');
  // Both fonts are DejaVu Sans: the same characters, so one query serves both.
  const hasGlyph = glyphsOf(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    text: (words, keepLines = false) => printable(words, hasGlyph, keepLines),
    font: (name, fontSize) => doc.font(name).fontSize(fontSize),
    finish: () => {
      doc.end();
      return ended;
    },
  };
};

/** A moment as a printed date: "5 November 2026" (London), or `never` when there is none. */
export const printedDate = (at: string | Date | undefined, never = 'not yet written'): string => (at === undefined ? never : reviewDateWords(londonDay(new Date(at))));

/** "Last changed 5 November 2026 · printed 1 December 2026": how old a printed copy is, on every page or card. */
export const datesLine = (changedAt: string | undefined, now: Date): string => `Last changed ${printedDate(changedAt)} · printed ${printedDate(now)}`;
