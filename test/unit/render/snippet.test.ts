import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, normaliseSpans, SNIPPET_LENGTH } from '../../../src/render/snippet.js';
import { FIXTURES } from './fixtures.js';

const LONG = FIXTURES.longestAbstracts[0].abstract;

function spanOf(text: string, word: string) {
  const start = text.indexOf(word);
  if (start < 0) throw new Error(`${word} not in text`);
  return { start, end: start + word.length };
}

describe('excerpt', () => {
  it('keeps a short abstract whole', () => {
    const text = 'Short abstract about diffusion models.';
    expect(excerpt(text, [spanOf(text, 'diffusion')])).toEqual({ text, marks: [{ start: 21, end: 30 }], cutStart: false, cutEnd: false });
  });

  it('cuts a long abstract to a window around the highlights, at word boundaries', () => {
    expect(LONG.length).toBeGreaterThan(1500);
    const word = LONG.split(' ').slice(150, 151)[0];
    const target = spanOf(LONG, ` ${word} `);
    const cut = excerpt(LONG, [{ start: target.start + 1, end: target.end - 1 }]);
    expect(cut.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
    expect(cut.text.length).toBeGreaterThan(SNIPPET_LENGTH / 2);
    expect(cut.cutStart).toBe(true);
    expect(LONG).toContain(cut.text);
    const from = LONG.indexOf(cut.text);
    // Starts at a word (or sentence) start and ends at a word end.
    expect(LONG[from - 1]).toMatch(/\s/);
    expect(LONG[from + cut.text.length] ?? ' ').toMatch(/[\s,;:.)]/);
    expect(cut.marks).toHaveLength(1);
    expect(cut.text.slice(cut.marks[0].start, cut.marks[0].end)).toBe(word);
  });

  it('starts at the top when nothing is highlighted', () => {
    const cut = excerpt(LONG, []);
    expect(LONG.startsWith(cut.text)).toBe(true);
    expect(cut).toMatchObject({ cutStart: false, cutEnd: true, marks: [] });
  });

  it('chooses the window with the most highlights', () => {
    const words = [...LONG.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const lone = words[5];
    const cluster = words.slice(200, 204);
    const cut = excerpt(LONG, [lone, ...cluster]);
    expect(cut.marks).toHaveLength(cluster.length);
    expect(cut.cutStart).toBe(true);
  });

  it('keeps every mark on the same characters as in the original text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES.longestAbstracts.map((p) => p.abstract), 'tiny text'),
        fc.array(fc.tuple(fc.integer({ min: -10, max: 2100 }), fc.integer({ min: 0, max: 40 })), { maxLength: 12 }),
        (text, raw) => {
          const spans = raw.map(([start, length]) => ({ start, end: start + length }));
          const cut = excerpt(text, spans);
          const offset = text.indexOf(cut.text);
          expect(offset).toBeGreaterThanOrEqual(0);
          const original = normaliseSpans(spans, text.length).map((s) => text.slice(s.start, s.end));
          for (const mark of cut.marks) {
            expect(mark.start).toBeGreaterThanOrEqual(0);
            expect(mark.end).toBeLessThanOrEqual(cut.text.length);
            expect(original).toContain(cut.text.slice(mark.start, mark.end));
          }
          expect(cut.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 30);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseSpans', () => {
  it('sorts, clamps, merges overlaps and drops empty spans', () => {
    expect(
      normaliseSpans(
        [
          { start: 10, end: 14 },
          { start: 2, end: 5 },
          { start: 4, end: 8 },
          { start: 20, end: 20 },
          { start: 18, end: 99 },
          { start: -3, end: 1 },
        ],
        25,
      ),
    ).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 8 },
      { start: 10, end: 14 },
      { start: 18, end: 25 },
    ]);
  });
});

describe('excerpt of a hostile abstract', () => {
  // The window search as first written: every mark against every mark.
  function slowWindowMarks(text: string, spans: { start: number; end: number }[]) {
    const marks = normaliseSpans(spans, text.length);
    let bestCount = marks.filter((m) => m.end <= SNIPPET_LENGTH).length;
    for (const mark of marks) {
      const start = Math.max(0, mark.start - 80);
      bestCount = Math.max(bestCount, marks.filter((m) => m.start >= start && m.end <= start + SNIPPET_LENGTH).length);
    }
    return bestCount;
  }

  it('finds a window holding as many highlights as the every-pair search does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 30 })), { maxLength: 60 }), (raw) => {
        const text = 'word '.repeat(700);
        const spans = raw.map(([start, length]) => ({ start, end: start + length }));
        const best = slowWindowMarks(text, spans);
        const cut = excerpt(text, spans);
        // The snippet is then snapped to word boundaries, which may drop a mark at either edge.
        expect(cut.marks.length).toBeGreaterThanOrEqual(Math.max(0, best - 2));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts an abstract repeating the highlighted phrase 80,000 times', () => {
    const phrase = 'diffusion model ';
    const text = phrase.repeat(80_000);
    const spans = Array.from({ length: 80_000 }, (_, i) => ({ start: i * phrase.length, end: i * phrase.length + phrase.length - 1 }));
    const cut = excerpt(text, spans);
    expect(cut.cutStart).toBe(false);
    expect(cut.cutEnd).toBe(true);
    expect(cut.marks.length).toBeGreaterThan(15);
    for (const mark of cut.marks) expect(cut.text.slice(mark.start, mark.end)).toBe('diffusion model');
  });
});
