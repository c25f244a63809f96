import { describe, expect, it } from 'vitest';
import { busyTimesFrom } from '#shared/calendars/busy-times.js';
import { CalendarProblem } from '#shared/calendars/calendar-problem.js';
import { calendar, event } from './ics-samples.js';

const window = (from: string, to: string, zone = 'Europe/London') => ({
  from: Date.parse(from),
  to: Date.parse(to),
  zone,
});
const iso = (intervals: { start: number; end: number }[]) =>
  intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);

const problemOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof CalendarProblem ? error.code : `not a CalendarProblem: ${String(error)}`;
  }
  return undefined;
};

describe('busy times from an iCalendar file', () => {
  it('expands a weekly meeting, leaving out the excluded date and moving the moved instance', () => {
    // Mondays 10:00-11:00 London from 2 March 2026, six times; 9 March excluded; 16 March moved to Tuesday 17 at 14:00.
    const text = calendar(
      event({
        uid: 'weekly',
        start: 'TZID=Europe/London:20260302T100000',
        end: 'TZID=Europe/London:20260302T110000',
        extra: ['RRULE:FREQ=WEEKLY;COUNT=6', 'EXDATE;TZID=Europe/London:20260309T100000'],
      }),
      event({
        uid: 'weekly',
        start: 'TZID=Europe/London:20260317T140000',
        end: 'TZID=Europe/London:20260317T150000',
        extra: ['RECURRENCE-ID;TZID=Europe/London:20260316T100000'],
      }),
    );
    const busy = busyTimesFrom(text, window('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z'));
    expect(iso(busy.intervals)).toEqual([
      ['2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z'],
      // 9 March excluded; 16 March moved to the 17th
      ['2026-03-17T14:00:00.000Z', '2026-03-17T15:00:00.000Z'],
      ['2026-03-23T10:00:00.000Z', '2026-03-23T11:00:00.000Z'],
      // London moved to summer time on 29 March: still 10:00 on the wall clock
      ['2026-03-30T09:00:00.000Z', '2026-03-30T10:00:00.000Z'],
      ['2026-04-06T09:00:00.000Z', '2026-04-06T10:00:00.000Z'],
    ]);
    expect(busy).toMatchObject({ events: 2, skipped: 0 });
  });

  it('takes an instance away when its override is cancelled or marked free, and keeps a moved instance that moved into the window', () => {
    const text = calendar(
      event({
        uid: 'daily',
        start: '20260302T090000Z',
        end: '20260302T093000Z',
        extra: ['RRULE:FREQ=DAILY;UNTIL=20260306T090000Z'],
      }),
      event({
        uid: 'daily',
        start: '20260303T090000Z',
        end: '20260303T093000Z',
        extra: ['RECURRENCE-ID:20260303T090000Z', 'STATUS:CANCELLED'],
      }),
      event({
        uid: 'daily',
        start: '20260304T090000Z',
        end: '20260304T093000Z',
        extra: ['RECURRENCE-ID:20260304T090000Z', 'TRANSP:TRANSPARENT'],
      }),
      // The instance of 2 March (before the window) moved to 20 March (inside it).
      event({
        uid: 'daily',
        start: '20260320T160000Z',
        end: '20260320T170000Z',
        extra: ['RECURRENCE-ID:20260302T090000Z'],
      }),
    );
    const busy = busyTimesFrom(text, window('2026-03-03T00:00:00Z', '2026-04-01T00:00:00Z'));
    expect(iso(busy.intervals)).toEqual([
      ['2026-03-05T09:00:00.000Z', '2026-03-05T09:30:00.000Z'],
      ['2026-03-06T09:00:00.000Z', '2026-03-06T09:30:00.000Z'],
      ['2026-03-20T16:00:00.000Z', '2026-03-20T17:00:00.000Z'],
    ]);
  });

  it('blocks an all-day event from midnight to midnight of the therapist’s own days', () => {
    const text = calendar(
      event({ uid: 'away', start: 'VALUE=DATE:20260615', end: 'VALUE=DATE:20260617' }),
      event({ uid: 'one', start: 'VALUE=DATE:20260701' }),
    );
    const busy = busyTimesFrom(text, window('2026-06-01T00:00:00Z', '2026-08-01T00:00:00Z'));
    expect(iso(busy.intervals)).toEqual([
      // London summer time: midnight is 23:00 UTC the day before; two days
      ['2026-06-14T23:00:00.000Z', '2026-06-16T23:00:00.000Z'],
      // No end: one day
      ['2026-06-30T23:00:00.000Z', '2026-07-01T23:00:00.000Z'],
    ]);
    const inNewYork = busyTimesFrom(text, window('2026-06-01T00:00:00Z', '2026-08-01T00:00:00Z', 'America/New_York'));
    expect(iso(inNewYork.intervals)[0]).toEqual(['2026-06-15T04:00:00.000Z', '2026-06-17T04:00:00.000Z']);
  });

  it('reads a zoned weekly event across a clock change, by IANA name or by the file’s own VTIMEZONE', () => {
    // New York moved to summer time on 8 March 2026: 10:00 local is 15:00 UTC before, 14:00 after.
    const iana = calendar(
      event({
        uid: 'ny',
        start: 'TZID=America/New_York:20260302T100000',
        end: 'TZID=America/New_York:20260302T103000',
        extra: ['RRULE:FREQ=WEEKLY;COUNT=3'],
      }),
    );
    expect(iso(busyTimesFrom(iana, window('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).intervals)).toEqual([
      ['2026-03-02T15:00:00.000Z', '2026-03-02T15:30:00.000Z'],
      ['2026-03-09T14:00:00.000Z', '2026-03-09T14:30:00.000Z'],
      ['2026-03-16T14:00:00.000Z', '2026-03-16T14:30:00.000Z'],
    ]);
    // Outlook names London "GMT Standard Time" and defines it in the file; summer time from 29 March.
    const outlook = calendar(
      event({
        uid: 'gmt',
        start: 'TZID=GMT Standard Time:20260326T100000',
        end: 'TZID=GMT Standard Time:20260326T110000',
        extra: ['RRULE:FREQ=DAILY;COUNT=5'],
      }),
    ).replace('BEGIN:VEVENT', gmtStandardTime + 'BEGIN:VEVENT');
    expect(
      iso(busyTimesFrom(outlook, window('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'UTC')).intervals),
    ).toEqual([
      ['2026-03-26T10:00:00.000Z', '2026-03-26T11:00:00.000Z'],
      ['2026-03-27T10:00:00.000Z', '2026-03-27T11:00:00.000Z'],
      ['2026-03-28T10:00:00.000Z', '2026-03-28T11:00:00.000Z'],
      ['2026-03-29T09:00:00.000Z', '2026-03-29T10:00:00.000Z'],
      ['2026-03-30T09:00:00.000Z', '2026-03-30T10:00:00.000Z'],
    ]);
  });

  it('reads floating times on the therapist’s wall clock', () => {
    const text = calendar(event({ uid: 'f', start: '20260710T120000', end: '20260710T130000' }));
    expect(
      iso(busyTimesFrom(text, window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', 'Europe/Paris')).intervals),
    ).toEqual([['2026-07-10T10:00:00.000Z', '2026-07-10T11:00:00.000Z']]);
  });

  it('leaves out free, cancelled and zero-length events, and joins busy times that overlap or touch', () => {
    const text = calendar(
      event({ uid: 'a', start: '20260710T090000Z', end: '20260710T100000Z' }),
      event({ uid: 'b', start: '20260710T093000Z', end: '20260710T103000Z' }),
      event({ uid: 'c', start: '20260710T103000Z', end: '20260710T110000Z' }),
      event({ uid: 'free', start: '20260710T120000Z', end: '20260710T130000Z', extra: ['TRANSP:TRANSPARENT'] }),
      event({
        uid: 'outlook-free',
        start: '20260710T130000Z',
        end: '20260710T140000Z',
        extra: ['X-MICROSOFT-CDO-BUSYSTATUS:FREE'],
      }),
      event({ uid: 'gone', start: '20260710T140000Z', end: '20260710T150000Z', extra: ['STATUS:CANCELLED'] }),
      event({ uid: 'point', start: '20260710T160000Z' }),
      event({ uid: 'tentative', start: '20260710T170000Z', extra: ['DURATION:PT45M', 'STATUS:TENTATIVE'] }),
    );
    expect(iso(busyTimesFrom(text, window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z')).intervals)).toEqual([
      ['2026-07-10T09:00:00.000Z', '2026-07-10T11:00:00.000Z'],
      ['2026-07-10T17:00:00.000Z', '2026-07-10T17:45:00.000Z'],
    ]);
  });

  it('keeps only what overlaps the window, and an event that began before it', () => {
    const text = calendar(
      event({ uid: 'before', start: '20260601T090000Z', end: '20260601T100000Z' }),
      event({ uid: 'across', start: '20260630T230000Z', end: '20260701T010000Z' }),
      event({ uid: 'after', start: '20260801T090000Z', end: '20260801T100000Z' }),
      event({
        uid: 'endless',
        start: '20200106T080000Z',
        end: '20200106T083000Z',
        extra: ['RRULE:FREQ=WEEKLY;BYDAY=MO'],
      }),
    );
    const busy = busyTimesFrom(text, window('2026-07-01T00:00:00Z', '2026-07-14T00:00:00Z'));
    expect(iso(busy.intervals)).toEqual([
      ['2026-06-30T23:00:00.000Z', '2026-07-01T01:00:00.000Z'],
      ['2026-07-06T08:00:00.000Z', '2026-07-06T08:30:00.000Z'],
      ['2026-07-13T08:00:00.000Z', '2026-07-13T08:30:00.000Z'],
    ]);
  });

  it('says so when the text is not a calendar, or holds more than can be read', () => {
    expect(
      problemOf(() => busyTimesFrom('<html>Sign in</html>', window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'))),
    ).toBe('not-calendar');
    expect(
      problemOf(() =>
        busyTimesFrom(
          'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense',
          window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'),
        ),
      ),
    ).toBe('not-calendar');
    const many = calendar(
      ...Array.from({ length: 30 }, (_, i) =>
        event({
          uid: `e${i}`,
          start: `202607${String(i + 1).padStart(2, '0')}T090000Z`,
          end: `202607${String(i + 1).padStart(2, '0')}T100000Z`,
        }),
      ),
    );
    expect(
      problemOf(() =>
        busyTimesFrom(many, { ...window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'), maxIntervals: 29 }),
      ),
    ).toBe('too-many-events');
    const minutely = calendar(
      event({ uid: 'm', start: '19900101T000000Z', end: '19900101T000030Z', extra: ['RRULE:FREQ=MINUTELY'] }),
    );
    expect(
      problemOf(() =>
        busyTimesFrom(minutely, { ...window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'), maxSteps: 10_000 }),
      ),
    ).toBe('too-many-events');
  });

  it('skips an event it cannot read instead of giving up on the calendar', () => {
    const text = calendar(
      event({ uid: 'ok', start: '20260710T090000Z', end: '20260710T100000Z' }),
      'BEGIN:VEVENT\r\nUID:no-start\r\nSUMMARY:Lunch\r\nEND:VEVENT',
    );
    const busy = busyTimesFrom(text, window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'));
    expect(busy).toMatchObject({ events: 2, skipped: 1 });
    expect(busy.intervals).toHaveLength(1);
  });

  it('returns instants and nothing else of an event', () => {
    const text = calendar(
      event({
        uid: 'private',
        start: '20260710T090000Z',
        end: '20260710T100000Z',
        extra: ['DESCRIPTION:Therapy for me', 'LOCATION:Clinic', 'ATTENDEE;CN=Jo:mailto:jo@example.com'],
      }),
    );
    const busy = busyTimesFrom(text, window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'));
    expect(JSON.stringify(busy)).not.toMatch(/Dentist|Therapy|Clinic|jo@example|private/);
    expect(Object.keys(busy.intervals[0]!).sort()).toEqual(['end', 'start']);
  });
});

const gmtStandardTime = [
  'BEGIN:VTIMEZONE',
  'TZID:GMT Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16011028T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T010000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  '',
].join('\r\n');
