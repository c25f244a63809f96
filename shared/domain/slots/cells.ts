/**
 * Lock cells: the fixed 15-minute UTC grid used for DynamoDB lock items (one item per cell an
 * appointment plus its buffers touches, written with attribute_not_exists).
 *
 * The occupied range of an appointment is [cellFloor(start - bufferBefore), cellCeil(end + bufferAfter)):
 * its buffered range rounded out to whole cells. Its lock cells are exactly the cells of that range,
 * a booking stores that range (Booking.occupiedStart/End), and the slot engine treats a busy interval
 * as exactly that range. So "this slot is offered" and "this slot's locks can be taken" are the same
 * question: an offered slot never loses to a booking the client could not see.
 *
 * Guarantees (whatever the lengths and buffers):
 * - two appointments whose buffered ranges overlap share a cell, so the second lock write fails;
 * - two appointments whose cell sets are disjoint do not overlap in time, buffers included.
 * The converse of the first does not hold: buffered ranges that only meet inside one cell still
 * share it, and the cell wins (the later one is not offered).
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

function checkAppointment(
  startMs: number,
  endMs: number,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
  fn: string,
): void {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(endMs > startMs)) {
    throw new RangeError(`${fn}: need finite startMs < endMs`);
  }
  if (!(bufferBeforeMinutes >= 0) || !(bufferAfterMinutes >= 0)) {
    throw new RangeError(`${fn}: buffers must be >= 0 minutes`);
  }
}

/**
 * The cell-aligned range [start, end) an appointment occupies with its buffers, epoch ms:
 * [cellFloor(startMs - bufferBefore), cellCeil(endMs + bufferAfter)).
 * Throws RangeError for non-finite input, end <= start or negative buffers.
 */
export function occupiedRange(
  startMs: number,
  endMs: number,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
): { start: number; end: number } {
  checkAppointment(startMs, endMs, bufferBeforeMinutes, bufferAfterMinutes, 'occupiedRange');
  return {
    start: cellFloor(startMs - bufferBeforeMinutes * MINUTE_MS),
    end: cellCeil(endMs + bufferAfterMinutes * MINUTE_MS),
  };
}

/**
 * Epoch-ms starts of every 15-minute UTC cell of the appointment's occupied range, ascending.
 * Throws RangeError for non-finite input, end <= start or negative buffers.
 */
export function lockCells(
  startMs: number,
  endMs: number,
  bufferBeforeMinutes: number,
  bufferAfterMinutes: number,
): number[] {
  checkAppointment(startMs, endMs, bufferBeforeMinutes, bufferAfterMinutes, 'lockCells');
  const range = occupiedRange(startMs, endMs, bufferBeforeMinutes, bufferAfterMinutes);
  const cells: number[] = [];
  for (let c = range.start; c < range.end; c += CELL_MS) cells.push(c);
  return cells;
}
