/**
 * Lock cells: the fixed 15-minute UTC grid used for DynamoDB lock items (one item per cell an
 * appointment plus its buffers touches, written with attribute_not_exists).
 *
 * Guarantee: if two appointments' buffered ranges overlap, they share an instant, and the cell
 * containing that instant is in both lists — whatever their lengths. The converse does not hold:
 * two buffered ranges that do not overlap but end/start inside the same cell also share it. The slot
 * engine therefore rounds busy intervals out to whole cells (see slot-engine.ts), so that a slot it
 * offers never collides with an existing booking's lock cells.
 */
import { ceilTo, floorTo } from './intervals.js';
import { MINUTE_MS } from './local-time.js';

export const CELL_MINUTES = 15;
export const CELL_MS = CELL_MINUTES * MINUTE_MS;

/** Start of the first cell touched by a buffered range that starts at `from`. */
export function cellFloor(from: number): number {
  return floorTo(from, CELL_MS);
}

/** End of the last cell touched by a buffered range that ends (exclusive) at `to`. */
export function cellCeil(to: number): number {
  return ceilTo(to, CELL_MS);
}

/**
 * Epoch-ms starts of every 15-minute UTC cell that [start - bufferBefore, end + bufferAfter) touches,
 * ascending. Throws RangeError for non-finite input, end <= start or negative buffers.
 */
export function lockCells(
  startMs: number,
  endMs: number,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
): number[] {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(endMs > startMs)) {
    throw new RangeError('lockCells: need finite startMs < endMs');
  }
  if (!(bufferBeforeMinutes >= 0) || !(bufferAfterMinutes >= 0)) {
    throw new RangeError('lockCells: buffers must be >= 0 minutes');
  }
  const from = startMs - bufferBeforeMinutes * MINUTE_MS;
  const to = endMs + bufferAfterMinutes * MINUTE_MS;
  const cells: number[] = [];
  for (let c = cellFloor(from); c < to; c += CELL_MS) cells.push(c);
  return cells;
}
