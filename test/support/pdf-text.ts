import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** pdfjs-dist is an ES module only: it reads the file in a Node process of its own (Jest here runs CommonJS). */
const SCRIPT = `
const { getDocument } = await import(process.argv[1]);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pdf = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages, title: (await pdf.getMetadata()).info.Title ?? null }));
`;

export interface PdfText {
  /** Each page's text, lines as pdf.js finds them. */
  pages: string[];
  /** All pages' text, with runs of white space as one space: for finding words across line breaks. */
  text: string;
  title: string | null;
}

/**
 * The text of a PDF as a reader gets it (pdf.js, the viewer of Firefox and many others): what the
 * file really says, not what the code that wrote it meant. Throws if pdf.js cannot open it.
 */
export const pdfText = (file: Uint8Array): PdfText => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href], {
    input: file,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`pdf.js could not read the file: ${run.stderr.slice(-2000)}`);
  const { pages, title } = JSON.parse(run.stdout) as { pages: string[]; title: string | null };
  return { pages, text: pages.join('\n').replace(/\s+/g, ' '), title };
};
