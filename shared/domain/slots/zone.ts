/**
 * UTC offsets of one IANA zone, and the mapping of wall-clock times to instants.
 *
 * luxon (Intl underneath) is the only source of zone data. A lookup formats the instant with
 * Intl (a few µs, and most of a slot list's CPU when each slot's offset was looked up), so offsets
 * are remembered per zone and UTC hour: an hour whose first and last second share an offset has it
 * throughout (no zone changes offset twice within an hour); an hour with a change in it is looked
 * up instant by instant. Callers still keep lookups per day few (see working-hours.ts).
 *
 * Wall-clock times are handled as "local ms": the wall-clock reading taken as if it were UTC
 * (Date.UTC(y, m, d, h, mi)). For an instant t, local = t + offsetMs(t).
 */
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-time.js';

/** Which occurrence of a repeated wall-clock time (fall back) to take. */
export type Occurrence = 'earlier' | 'later';

const HOUR_MS = 60 * MINUTE_MS;
/** Per zone, hour number → the hour's offset (NaN: it changes inside that hour). */
const hourOffsets = new Map<string, Map<number, number>>();
/** About eleven years of distinct hours per zone; past it a zone's memory starts again. */
const maxHoursPerZone = 100_000;
const clocks = new Map<string, ZoneClock>();

export class ZoneClock {
  readonly name: string;
  private readonly zone: IANAZone;
  private readonly hours: Map<number, number>;

  /** The clock of an IANA zone, made once per name. */
  static of(name: string): ZoneClock {
    let clock = clocks.get(name);
    if (!clock) {
      clock = new ZoneClock(name);
      clocks.set(name, clock);
    }
    return clock;
  }

  constructor(name: string) {
    // IANAZone.create caches per name (isValidZone would build a new Intl.DateTimeFormat per call).
    const zone = typeof name === 'string' && name !== '' ? IANAZone.create(name) : null;
    if (zone === null || !zone.isValid) throw new RangeError(`Unknown time zone "${String(name)}"`);
    this.name = name;
    this.zone = zone as IANAZone;
    let hours = hourOffsets.get(name);
    if (!hours) hourOffsets.set(name, (hours = new Map()));
    this.hours = hours;
  }

  /** UTC offset in ms at instant t (local = t + offset). */
  offsetMs(t: number): number {
    const hour = Math.floor(t / HOUR_MS);
    let offset = this.hours.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR_MS;
      const first = this.lookup(start);
      // luxon reads offsets to the second: the hour's last second is the last instant to check.
      offset = first === this.lookup(start + HOUR_MS - 1000) ? first : Number.NaN;
      if (this.hours.size >= maxHoursPerZone) this.hours.clear();
      this.hours.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.lookup(t) : offset;
  }

  private lookup(t: number): number {
    return Math.round(this.zone.offset(t) * MINUTE_MS);
  }

  /** Local day number of instant t. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetMs(t)) / DAY_MS);
  }

  /**
   * The instant at which the wall clock reads `local`.
   * - Repeated time (fall back): `prefer` picks the earlier or the later occurrence.
   * - Skipped time (spring forward gap): the first existing instant after the gap, i.e. the
   *   transition instant itself (e.g. 01:30 on London's 2026-03-29 → 01:00Z = 02:00 BST).
   * Assumes at most one transition within a day either side of `local`, true of all real zones.
   */
  resolve(local: number, prefer: Occurrence): number {
    const before = this.offsetMs(local - DAY_MS);
    const after = this.offsetMs(local + DAY_MS);
    const tBefore = local - before;
    const okBefore = this.offsetMs(tBefore) === before;
    if (before === after) {
      if (okBefore) return tBefore;
    } else {
      const tAfter = local - after;
      const okAfter = this.offsetMs(tAfter) === after;
      if (okBefore && okAfter) {
        return prefer === 'earlier' ? Math.min(tBefore, tAfter) : Math.max(tBefore, tAfter);
      }
      if (okBefore) return tBefore;
      if (okAfter) return tAfter;
      // Gap: the transition lies between the two candidate instants.
      return this.transitionIn(Math.min(tBefore, tAfter), Math.max(tBefore, tAfter));
    }
    // Offsets a day apart agree but the candidate is not valid: two transitions within two days
    // (does not occur in real zones). Fall back to the offset at the candidate itself.
    return local - this.offsetMs(tBefore);
  }

  /**
   * First instant in (a, b] whose offset differs from the offset at a, given that the offsets at a
   * and b differ and a single transition lies between them. Real transitions fall on quarter hours
   * of UTC, so it bisects over quarter hours first (~7 lookups for a day) and checks the answer;
   * otherwise it bisects over seconds (luxon reads offsets at one-second resolution).
   */
  transitionIn(a: number, b: number): number {
    const offA = this.offsetMs(a);
    const Q = 900_000;
    let lo = Math.floor(a / Q);
    let hi = Math.ceil(b / Q);
    if (this.offsetMs(lo * Q) === offA && this.offsetMs(hi * Q) !== offA) {
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (this.offsetMs(mid * Q) === offA) lo = mid;
        else hi = mid;
      }
      if (this.offsetMs(hi * Q - 1000) === offA) return Math.max(hi * Q, a);
      a = lo * Q; // the change is inside this quarter hour after all
      b = hi * Q;
    }
    let loS = Math.floor(a / 1000);
    let hiS = Math.ceil(b / 1000);
    while (hiS - loS > 1) {
      const mid = loS + Math.floor((hiS - loS) / 2);
      if (this.offsetMs(mid * 1000) === offA) loS = mid;
      else hiS = mid;
    }
    return hiS * 1000;
  }
}
