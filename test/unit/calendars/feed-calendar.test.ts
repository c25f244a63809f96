/**
 * The calendar feed's text, read back with ical.js (an independent parser), and what it shows of a
 * client at each privacy level.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { feedCalendarText, type FeedEntry } from '#shared/calendars/feed-calendar.js';
import { appointmentTitle, clientShownAs, firstNameOf, initialsOf } from '#shared/domain/calendar-feed.js';

const confirmed: FeedEntry = {
  kind: 'booking',
  bookingId: '01jbookingaaaaaaaaaaaaaaaaa',
  status: 'confirmed',
  bookingKind: 'session',
  clientName: 'Alex Morgan',
  start: '2026-03-17T10:00:00.000Z',
  end: '2026-03-17T10:50:00.000Z',
  sequence: 2,
  mode: { kind: 'video', link: 'https://video.example/sam-rivera' },
  updatedAt: '2026-03-10T09:30:00.000Z',
};
const requested: FeedEntry = {
  ...confirmed,
  bookingId: '01jbookingbbbbbbbbbbbbbbbbb',
  status: 'requested',
  bookingKind: 'consultation',
  clientName: 'Zoë Ødegård-Nakamura',
  sequence: 0,
  mode: { kind: 'in-person', address: '12 Mill Lane, Bristol' },
};
const away: FeedEntry = {
  kind: 'break',
  breakId: '01jbreakcccccccccccccccccccc',
  start: '2026-08-03',
  end: '2026-08-14',
  createdAt: '2026-03-01T12:00:00.000Z',
};

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  return {
    root,
    events: root.getAllSubcomponents('vevent').map((v) => ({
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      status: String(v.getFirstPropertyValue('status')),
      transp: String(v.getFirstPropertyValue('transp')),
      sequence: v.getFirstPropertyValue('sequence'),
      start: v.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>,
      end: v.getFirstPropertyValue('dtend') as InstanceType<typeof ICAL.Time>,
      stamp: String(v.getFirstPropertyValue('dtstamp')),
      location: v.getFirstPropertyValue('location'),
    })),
  };
}

describe('what the feed shows of a client', () => {
  it.each([
    ['Alex Morgan', 'A.M.', 'Alex'],
    ['Zoë Ødegård-Nakamura', 'Z.Ø.', 'Zoë'],
    ['Mary Ann van der Berg', 'M.B.', 'Mary'],
    ['jo', 'J.', 'jo'],
    ['  Sam   ', 'S.', 'Sam'],
    // A "name" typed as an address or a number never reaches the calendar as typed.
    ['alex.morgan@example.com', 'A.', 'A.'],
    ['07700 900123', undefined, undefined],
    ['R2D2 Smith', 'R.S.', 'R.S.'],
  ])('%s: initials %s, first name %s', (name, initials, first) => {
    expect(initialsOf(name)).toBe(initials);
    expect(firstNameOf(name)).toBe(first);
    expect(clientShownAs(name, 'nothing')).toBeUndefined();
  });

  it('titles appointments neutrally, marks requests, and never says therapy', () => {
    expect(appointmentTitle('Alex Morgan', 'initials', false)).toBe('Appointment with A.M.');
    expect(appointmentTitle('Alex Morgan', 'first-name', true)).toBe('Appointment with Alex (to confirm)');
    expect(appointmentTitle('Alex Morgan', 'nothing', false)).toBe('Appointment');
    expect(appointmentTitle('07700 900123', 'initials', false)).toBe('Appointment');
    expect(appointmentTitle('Therapy Morgan', 'first-name', false)).toBe('Appointment with T.M.');
  });
});

describe('the calendar feed as iCalendar', () => {
  const text = feedCalendarText([confirmed, requested, away], 'initials');

  it('parses as one calendar that asks to be refreshed every 15 minutes', () => {
    const { root, events } = parse(text);
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('refresh-interval')?.toString()).toBe('PT15M');
    expect(root.getFirstPropertyValue('x-published-ttl')).toBe('PT15M');
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Appointments (Threshold)');
    expect(root.getFirstPropertyValue('name')).toBe('Appointments (Threshold)');
    expect(events).toHaveLength(3);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    for (const line of text.split('\r\n').slice(0, -1)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('writes confirmed bookings as events and requests as tentative, with the invites’ UIDs and SEQUENCE', () => {
    const [c, r] = parse(text).events;
    expect(c).toMatchObject({
      uid: '01jbookingaaaaaaaaaaaaaaaaa@threshold',
      summary: 'Appointment with A.M.',
      status: 'CONFIRMED',
      transp: 'OPAQUE',
      sequence: 2,
      location: 'https://video.example/sam-rivera',
    });
    expect(c!.start.toString()).toBe('2026-03-17T10:00:00Z');
    expect(c!.end.toString()).toBe('2026-03-17T10:50:00Z');
    expect(c!.stamp).toBe('2026-03-10T09:30:00Z');
    expect(r).toMatchObject({
      uid: '01jbookingbbbbbbbbbbbbbbbbb@threshold',
      summary: 'Appointment with Z.Ø. (to confirm)',
      status: 'TENTATIVE',
      location: '12 Mill Lane, Bristol',
    });
  });

  it('writes a break as busy whole days, its last day included', () => {
    const b = parse(text).events[2]!;
    expect(b).toMatchObject({
      uid: 'break-01jbreakcccccccccccccccccccc@threshold',
      summary: 'Break',
      status: 'CONFIRMED',
      transp: 'OPAQUE',
    });
    expect(b.start.isDate).toBe(true);
    expect(b.start.toString()).toBe('2026-08-03');
    expect(b.end.toString()).toBe('2026-08-15');
  });

  it('keeps an address typed over several lines as one escaped value', () => {
    const text = feedCalendarText(
      [{ ...confirmed, mode: { kind: 'in-person', address: '12 Mill Lane,\r\nBristol\rBS1 4DJ' } }],
      'initials',
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parse(text).events[0]!.location).toBe('12 Mill Lane,\nBristol\nBS1 4DJ');
  });

  it('is the same text for the same bookings, and an empty feed is still a calendar', () => {
    expect(feedCalendarText([confirmed, requested, away], 'initials')).toBe(text);
    const empty = parse(feedCalendarText([], 'initials'));
    expect(empty.root.name).toBe('vcalendar');
    expect(empty.events).toEqual([]);
  });

  it('holds no full name at any level, and nothing but "Appointment" when the therapist chooses nothing', () => {
    expect(text).not.toContain('Morgan');
    expect(text).not.toMatch(/therap|counsel/i);
    const bare = parse(feedCalendarText([confirmed, requested], 'nothing')).events;
    expect(bare.map((e) => e.summary)).toEqual(['Appointment', 'Appointment (to confirm)']);
    expect(feedCalendarText([confirmed], 'nothing')).not.toMatch(/Alex|A\.M\./);
  });
});
