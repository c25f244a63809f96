import { describe, expect, it } from 'vitest';
import { counts, fleschReadingEase, syllables } from './readability.js';

describe('syllables (heuristic)', () => {
  it.each([
    ['cat', 1],
    ['cake', 1],
    ['talked', 1],
    ['table', 2],
    ['water', 2],
    ['happy', 2],
    ['support', 2],
    ['enquiry', 3],
    ['conversation', 4],
    ['automatic', 4],
    ['personally', 4],
    ['readability', 5],
  ])('%s has %i', (word, expected) => {
    expect(syllables(word)).toBe(expected);
  });
});

describe('Flesch reading ease', () => {
  it('scores the textbook simple sentence at about 116', () => {
    // 6 words, 1 sentence, 6 syllables: 206.835 − 1.015 × 6 − 84.6 × 1 = 116.145
    expect(counts('The cat sat on the mat.')).toEqual({ sentences: 1, words: 6, syllables: 6 });
    expect(fleschReadingEase('The cat sat on the mat.')).toBeCloseTo(116.145, 3);
  });

  it('scores dense, long-worded prose far below 30', () => {
    const dense =
      'Notwithstanding institutional considerations, comprehensive organizational restructuring necessitates interdepartmental collaboration and unprecedented administrative accountability.';
    expect(fleschReadingEase(dense)).toBeLessThan(0);
  });

  it('scores plain, short sentences above 80', () => {
    expect(
      fleschReadingEase('Thank you for your note. Sam will write back to you soon. You do not need to do more.'),
    ).toBeGreaterThan(80);
  });

  it('counts lines as sentences and leaves out numbers and links', () => {
    const c = counts('Hello Alex,\n\nCall 116 123 now\nRead it:\nhttps://example.test/a/b?c=d');
    // Hel-lo A-lex · Call now · Read it
    expect(c).toEqual({ sentences: 3, words: 6, syllables: 8 });
  });
});
