/** Whether the font can draw a character. */
export type HasGlyph = (codePoint: number) => boolean;

/** Printed instead of a character the font has no glyph for (a CJK name in DejaVu Sans): the reader sees something was there. */
export const MISSING = '\uFFFD';

/** Controls, lone surrogates, format characters (joiners, direction marks) and variation selectors: nothing to draw. */
const INVISIBLE = /[\p{Cc}\p{Cs}\p{Cf}\uFE00-\uFE0F]/u;

/**
 * Text as the font can print it: composed (NFC, so an accent typed apart is drawn with its letter),
 * line breaks and tabs kept as spaces unless `keepLines`, invisible characters dropped, and each
 * character the font lacks replaced by U+FFFD. Nothing a patient writes can break the PDF.
 * @example printable('Zoë 好', (c) => c < 0x3000) // 'Zoë \uFFFD'
 */
export const printable = (text: string, hasGlyph: HasGlyph, keepLines = false): string => {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\n' || char === '\r' || char === '\t') out += keepLines && char === '\n' ? '\n' : char === '\r' ? '' : ' ';
    else if (INVISIBLE.test(char)) continue;
    else out += hasGlyph(char.codePointAt(0) ?? 0) ? char : MISSING;
  }
  return out;
};
