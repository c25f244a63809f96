import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_MINUTES, lockCells, occupiedRange } from '#shared/domain/slots/index.js';
import { MIN } from './support.js';

const T = Date.UTC(2026, 0, 5, 9, 0); // a cell boundary
const hm = (t: number) => new Date(t).toISOString().slice(11, 16);

describe('lockCells', () => {
  it('covers the appointment plus both buffers, on the 15-minute UTC grid', () => {
    expect(CELL_MINUTES).toBe(15);
    expect(lockCells(T, T + 50 * MIN, 10, 10).map(hm)).toEqual(['08:45', '09:00', '09:15', '09:30', '09:45']);
    expect(lockCells(T, T + 50 * MIN, 0, 0).map(hm)).toEqual(['09:00', '09:15', '09:30', '09:45']);
  });

  it('treats the end as exclusive', () => {
    expect(lockCells(T, T + 60 * MIN, 0, 0).map(hm)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    expect(lockCells(T + 1, T + 60 * MIN + 1, 0, 0).map(hm)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
  });

  it('makes back-to-back appointments of different lengths disjoint, and overlapping ones collide', () => {
    const a = lockCells(T, T + 60 * MIN, 0, 0);
    const b = lockCells(T + 60 * MIN, T + 80 * MIN, 0, 0);
    expect(a.filter((c) => b.includes(c))).toEqual([]);
    const c = lockCells(T + 59 * MIN, T + 79 * MIN, 0, 0);
    expect(a.filter((x) => c.includes(x)).map(hm)).toEqual(['09:45']);
  });

  it('rejects an empty or inverted appointment and negative buffers', () => {
    expect(() => lockCells(T, T, 0, 0)).toThrow(RangeError);
    expect(() => lockCells(T, T - 1, 10, 10)).toThrow(RangeError);
    expect(() => lockCells(T, T + MIN, -1, 0)).toThrow(RangeError);
    expect(() => lockCells(Number.NaN, T, 0, 0)).toThrow(RangeError);
  });

  const appointment = fc
    .record({
      start: fc.integer({ min: 0, max: 3 * 24 * 60 }), // minutes
      length: fc.integer({ min: 1, max: 240 }),
      before: fc.integer({ min: 0, max: 45 }),
      after: fc.integer({ min: 0, max: 45 }),
      seconds: fc.integer({ min: 0, max: 59 }),
    })
    .map((a) => ({
      ...a,
      startMs: T + a.start * MIN + a.seconds * 1000,
      endMs: T + (a.start + a.length) * MIN + a.seconds * 1000,
    }));

  it('property: two appointments whose buffered ranges overlap always share a cell (any lengths)', () => {
    fc.assert(
      fc.property(appointment, appointment, (x, y) => {
        const xs = x.startMs - x.before * MIN,
          xe = x.endMs + x.after * MIN;
        const ys = y.startMs - y.before * MIN,
          ye = y.endMs + y.after * MIN;
        fc.pre(xs < ye && ys < xe);
        const cy = new Set(lockCells(y.startMs, y.endMs, y.before, y.after));
        return lockCells(x.startMs, x.endMs, x.before, x.after).some((c) => cy.has(c));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('property: two appointments whose cell sets are disjoint never overlap in time, buffers included', () => {
    fc.assert(
      fc.property(appointment, appointment, (x, y) => {
        const cy = new Set(lockCells(y.startMs, y.endMs, y.before, y.after));
        fc.pre(lockCells(x.startMs, x.endMs, x.before, x.after).every((c) => !cy.has(c)));
        const xs = x.startMs - x.before * MIN,
          xe = x.endMs + x.after * MIN;
        const ys = y.startMs - y.before * MIN,
          ye = y.endMs + y.after * MIN;
        return !(xs < ye && ys < xe);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('property: the lock cells are exactly the cells of the occupied range', () => {
    fc.assert(
      fc.property(appointment, (x) => {
        const range = occupiedRange(x.startMs, x.endMs, x.before, x.after);
        const cells = lockCells(x.startMs, x.endMs, x.before, x.after);
        const cell = CELL_MINUTES * MIN;
        expect(range.start % cell).toBe(0);
        expect(range.end % cell).toBe(0);
        expect(cells[0]).toBe(range.start);
        expect(cells.at(-1)! + cell).toBe(range.end);
        expect(cells).toHaveLength((range.end - range.start) / cell);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('property: cells are ascending, contiguous, aligned, and exactly cover the buffered range', () => {
    fc.assert(
      fc.property(appointment, (x) => {
        const cells = lockCells(x.startMs, x.endMs, x.before, x.after);
        const cell = CELL_MINUTES * MIN;
        expect(cells.length).toBeGreaterThan(0);
        cells.forEach((c, i) => {
          expect(c % cell).toBe(0);
          if (i > 0) expect(c - cells[i - 1]!).toBe(cell);
        });
        expect(cells[0]!).toBeLessThanOrEqual(x.startMs - x.before * MIN);
        expect(cells[0]! + cell).toBeGreaterThan(x.startMs - x.before * MIN);
        expect(cells.at(-1)!).toBeLessThan(x.endMs + x.after * MIN);
        expect(cells.at(-1)! + cell).toBeGreaterThanOrEqual(x.endMs + x.after * MIN);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
