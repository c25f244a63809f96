/**
 * Flesch reading ease, for testing that every template body reads easily (docs/voice-and-privacy.md asks for 60 or
 * more: "plain English", roughly what a 13–15 year old reads without effort).
 *
 *   206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words)
 *
 * Heuristics, good to a syllable or so per word, which is plenty for a threshold test:
 * - Sentences end at . ! ? — and at every line break, because greetings, list items and headings
 *   stand alone on their lines and a reader takes them as units.
 * - Words are runs of letters (with inner apostrophes and hyphens). Numbers ("116 123") and URLs
 *   are left out: they are read as digits and links, not as prose.
 * - Syllables: words of three letters or fewer have one; otherwise drop a silent ending (-es, -ed,
 *   -e after a consonant other than l: "cake", "talked"; but "table" keeps its "le"), drop a leading
 *   y (a consonant there), then count groups of one or two adjacent vowels (a e i o u y). Every word
 *   has at least one. It overcounts some vowel runs ("beautiful" → 4) and undercounts "-ted" endings
 *   ("wanted" → 1).
 */
export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return Math.max(1, w.match(/[aeiouy]{1,2}/g)?.length ?? 0);
}

export interface ReadabilityCounts {
  sentences: number;
  words: number;
  syllables: number;
}

export function counts(text: string): ReadabilityCounts {
  const prose = text.replace(/https?:\/\/\S+/g, ' ');
  const sentences = prose
    .split(/[.!?]+(?=\s|$)|\n+/)
    .map((s) => s.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [])
    .filter((words) => words.length > 0);
  const words = sentences.flat();
  return { sentences: sentences.length, words: words.length, syllables: words.reduce((n, w) => n + syllables(w), 0) };
}

export function fleschReadingEase(text: string): number {
  const c = counts(text);
  if (c.words === 0) return 100;
  return 206.835 - 1.015 * (c.words / c.sentences) - 84.6 * (c.syllables / c.words);
}
