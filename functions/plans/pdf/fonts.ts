import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The fonts printed PDFs are set in: DejaVu Sans (Latin, Greek, Cyrillic and more), from the
 * `dejavu-fonts-ttf` package. Never pdfkit's built-in Helvetica: it covers Latin-1 only, and pdfkit
 * reads its metrics from files a bundle does not carry.
 */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
export type FontName = keyof typeof FONT_FILES;

/** Where the package keeps them, from the project root: the CDK copies them beside the plans bundle from here. */
export const FONT_PACKAGE_DIR = 'node_modules/dejavu-fonts-ttf/ttf';

/** Beside the bundle in Lambda (infra/constructs/service-function.ts copies them); in the package when run from source. */
const fontPath = (file: string): string => {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', FONT_PACKAGE_DIR, file);
};

let loaded: Promise<Record<FontName, Buffer>> | undefined;

/** The fonts' bytes, read on the first PDF a function makes and kept; a failed read is tried again next time. */
export const pdfFonts = (): Promise<Record<FontName, Buffer>> => {
  loaded ??= Promise.all([readFile(fontPath(FONT_FILES.regular)), readFile(fontPath(FONT_FILES.bold))]).then(([regular, bold]) => ({ regular, bold }));
  return loaded.catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
};
