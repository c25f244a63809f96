import { describe, expect, it } from 'vitest';
import { pack } from '#shared/use-cases/standing-times/hold-dates.js';

const group = (n: number, label: string) => ({ label, items: Array.from({ length: n }, (_, i) => `${label}${i}`) });

describe('packing held dates into transactions', () => {
  it('never splits a date, keeps room for the first and last extras, and stays within the limit', () => {
    const groups = Array.from({ length: 52 }, (_, i) => group(6, `d${i}`));
    const chunks = pack(groups, 100, 1, 3);
    expect(chunks.flat().map((g) => g.label)).toEqual(groups.map((g) => g.label));
    chunks.forEach((c, i) => {
      const size = c.reduce((n, g) => n + g.items.length, 0) + (i === 0 ? 1 : 0) + (i === chunks.length - 1 ? 3 : 0);
      expect(size).toBeLessThanOrEqual(100);
    });
    expect(chunks.length).toBe(Math.ceil((52 * 6 + 4) / 96));
  });

  it('opens a last transaction of its own when the extras do not fit beside the dates', () => {
    const chunks = pack([group(98, 'a')], 100, 1, 3);
    expect(chunks.map((c) => c.length)).toEqual([1, 0]);
  });
});
