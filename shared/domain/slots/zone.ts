/**
 * UTC offsets of one IANA zone, and the mapping of wall-clock times to instants.
 *
 * luxon (Intl underneath) is the only source of zone data. An offset lookup costs a few µs, so
 * callers keep the number of lookups per day small (see working-hours.ts); nothing here allocates
 * per call beyond what luxon does.
 *
 * Wall-clock times are handled as "local ms": the wall-clock reading taken as if it were UTC
 * (Date.UTC(y, m, d, h, mi)). For an instant t, local = t + offsetMs(t).
 */
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-time.js';

/** Which occurrence of a repeated wall-clock time (fall back) to take. */
export type Occurrence = 'earlier' | 'later';

export class ZoneClock {
  readonly name: string;
  private readonly zone: IANAZone;

  constructor(name: string) {
    // IANAZone.create caches per name (isValidZone would build a new Intl.DateTimeFormat per call).
    const zone = typeof name === 'string' && name !== '' ? IANAZone.create(name) : null;
    if (zone === null || !zone.isValid) throw new RangeError(`Unknown time zone "${String(name)}"`);
    this.name = name;
    this.zone = zone as IANAZone;
  }

  /** UTC offset in ms at instant t (local = t + offset). */
  offsetMs(t: number): number {
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
