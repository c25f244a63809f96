/**
 * Slot engine: pure domain code (no I/O, no clock — `now` is an input).
 * See slot-engine.ts for the rules, working-hours.ts for daylight-saving handling, cells.ts for locks.
 */
export type {
  Break,
  BusyInterval,
  DateOverride,
  LocalInterval,
  Slot,
  SlotQuery,
  SlotRules,
  Weekday,
  WeeklyHours,
} from './types.js';
export { findFreeSlots } from './slot-engine.js';
export { formatSlot } from './format.js';
export { CELL_MINUTES, lockCells, occupiedRange } from './cells.js';
export { validateWeeklyHours } from './validate.js';
