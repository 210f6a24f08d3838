import { MISSING, printable } from '../../functions/plans/pdf/printable';

/** A font with Latin, Greek and Cyrillic but nothing from U+3000 on (as DejaVu Sans lacks CJK). */
const hasGlyph = (codePoint: number) => codePoint < 0x3000;

describe('printable text for the PDF fonts', () => {
  it('keeps what the font has, composing accents typed apart', () => {
    expect(printable('Zoe\u0308 Ζωή Жанна', hasGlyph)).toBe('Zoë Ζωή Жанна');
  });

  it('replaces each character the font lacks, so a name is never silently empty', () => {
    expect(printable('好 Mum', hasGlyph)).toBe(`${MISSING} Mum`);
  });

  it('drops what draws nothing: controls, joiners, direction marks, variation selectors, lone surrogates', () => {
    expect(printable('a\u0000b\u200Dc\u202Ed\uFE0Fe\uD800f', hasGlyph)).toBe('abcdef');
  });

  it('turns line breaks and tabs into spaces, unless the lines are kept', () => {
    expect(printable('one\r\ntwo\tthree', hasGlyph)).toBe('one two three');
    expect(printable('one\r\ntwo', hasGlyph, true)).toBe('one\ntwo');
  });
});
