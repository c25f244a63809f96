/**
 * Interval arithmetic on plain numbers (epoch ms or minutes), half-open [start, end).
 * Interval lists are flat pairs [s0, e0, s1, e1, ...] in typed arrays: no object per interval.
 */

export function floorTo(x: number, step: number): number {
  return Math.floor(x / step) * step;
}

export function ceilTo(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/**
 * Sorts flat pairs by start and unions those that overlap or touch
 * ([09:00, 12:00) + [12:00, 17:00) is one interval: a session may run across 12:00).
 * Empty or inverted pairs are dropped.
 */
export function unionPairs(pairs: readonly number[]): Int32Array {
  const n = pairs.length >> 1;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (pairs[2 * i + 1]! > pairs[2 * i]!) order.push(i);
  order.sort((a, b) => pairs[2 * a]! - pairs[2 * b]!);
  const out: number[] = [];
  for (const i of order) {
    const s = pairs[2 * i]!;
    const e = pairs[2 * i + 1]!;
    const last = out.length - 1;
    if (out.length > 0 && s <= out[last]!) {
      if (e > out[last]!) out[last] = e;
    } else {
      out.push(s, e);
    }
  }
  return Int32Array.from(out);
}

/**
 * Union of n OPEN intervals (a_i, b_i), given their starts and their ends each sorted ascending on
 * its own (the union depends only on the two multisets, so no pairing or comparator sort is
 * needed: typed arrays sort natively). Writes disjoint, ascending open intervals to `out` as flat
 * pairs and returns their count. Open intervals that merely touch ((1, 2) and (2, 3)) stay apart:
 * the point 2 is in neither. Requires a_i < b_i for every pair.
 */
export function unionOpenSorted(starts: Float64Array, ends: Float64Array, n: number, out: Float64Array): number {
  let i = 0; // next start
  let j = 0; // next end
  let depth = 0;
  let open = 0;
  let count = 0;
  while (j < n) {
    if (i < n && starts[i]! < ends[j]!) {
      if (depth++ === 0) open = starts[i]!;
      i++;
    } else {
      // On a tie the end goes first, so touching intervals are not joined.
      if (--depth === 0) {
        out[2 * count] = open;
        out[2 * count + 1] = ends[j]!;
        count++;
      }
      j++;
    }
  }
  return count;
}
