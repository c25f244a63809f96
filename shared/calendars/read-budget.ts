/**
 * One budget of work for reading one calendar file: every recurrence step (an event's occurrences,
 * a time zone definition's transitions, and the candidates ical.js tries inside one step) spends from
 * it, and a clock stops whatever the steps miss. A file the sync accepts (at most 5 MB,
 * calendar-fetch.ts) is read in bounded time and memory whatever its rules say, and a legitimate
 * calendar spends a small part of it: a weekly meeting since 2015 is under a thousand steps.
 *
 * ical.js tries candidates inside one `next()` without returning (a daily rule that can never match,
 * such as BYMONTH=2;BYMONTHDAY=31, would try days for ever), so the meter sits in the one method its
 * loop calls for every candidate. The meter is set only while a file is read, synchronously, so no
 * other read shares it.
 */
import ICAL from 'ical.js';
import { CalendarProblem, type CalendarProblemCode } from './calendar-problem.js';

export const defaultMaxSteps = 200_000;
/** A last resort beside the steps: no read holds the sync function longer than this. */
export const defaultMaxReadMs = 5_000;

export class ReadBudget {
  private steps = 0;
  private readonly deadline: number;
  /** What running out means here: too many events while expanding events, too complex in a time zone. */
  kind: CalendarProblemCode = 'too-many-events';
  /** A part of the work with a smaller limit of its own (the file's time zone definitions). */
  private part: BudgetPart | undefined;

  constructor(
    private readonly maxSteps: number = defaultMaxSteps,
    maxMs: number = defaultMaxReadMs,
  ) {
    this.deadline = performance.now() + maxMs;
  }

  spend(n = 1): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw new CalendarProblem(this.kind);
    if (this.part && (this.part.spent += n) > this.part.max) throw new CalendarProblem(this.kind);
    if ((this.steps & 0xff) === 0 && performance.now() > this.deadline) throw new CalendarProblem('too-complex');
  }

  get spent(): number {
    return this.steps;
  }

  /** Runs `work` with running out reported as `kind`, its steps also counted in `part` when given. */
  as<T>(kind: CalendarProblemCode, work: () => T, part?: BudgetPart): T {
    const before = { kind: this.kind, part: this.part };
    this.kind = kind;
    this.part = part ?? this.part;
    try {
      return work();
    } finally {
      this.kind = before.kind;
      this.part = before.part;
    }
  }

  /** Runs `work` (synchronous) with ical.js's candidate loop metered against this budget. */
  meter<T>(work: () => T): T {
    const before = active;
    active = this;
    try {
      return work();
    } finally {
      active = before;
    }
  }
}

export interface BudgetPart {
  spent: number;
  max: number;
}

let active: ReadBudget | undefined;

type Iterator = { check_contracting_rules(): boolean };
const proto = ICAL.RecurIterator.prototype as unknown as Iterator;
const unmetered = proto.check_contracting_rules;
proto.check_contracting_rules = function (this: Iterator): boolean {
  active?.spend();
  return unmetered.call(this);
};
