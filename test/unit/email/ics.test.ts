import { describe, expect, it } from 'vitest';
import { calendarAttachment, calendarEventSchema, calendarText, foldLine } from '#shared/email/ics.js';
import { calendarEvent } from './booking-samples.js';
import { contentLines, property, unescapeText, unfold } from './ics-lines.js';

const stamp = new Date('2025-02-25T09:30:00Z');
const request = calendarEvent();
const cancel = calendarEvent({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('calendar invite (ICS)', () => {
  it('is one VCALENDAR with METHOD:REQUEST and one VEVENT for a confirmed appointment', () => {
    const ics = calendarText(request, stamp);
    const names = contentLines(ics).map((l) => l.name);
    expect(names[0]).toBe('BEGIN');
    expect(property(ics, 'VERSION').value).toBe('2.0');
    expect(property(ics, 'PRODID').value).toBe('-//Threshold//Appointments//EN');
    expect(property(ics, 'METHOD').value).toBe('REQUEST');
    expect(
      contentLines(ics)
        .filter((l) => l.name === 'BEGIN')
        .map((l) => l.value),
    ).toEqual(['VCALENDAR', 'VEVENT']);
    expect(
      contentLines(ics)
        .filter((l) => l.name === 'END')
        .map((l) => l.value),
    ).toEqual(['VEVENT', 'VCALENDAR']);
    expect(unfold(ics).at(-1)).toBe('END:VCALENDAR');
    expect(property(ics, 'UID').value).toBe('01jbookingaaaaaaaaaaaaaaaaa@threshold');
    expect(property(ics, 'SEQUENCE').value).toBe('0');
    expect(property(ics, 'STATUS').value).toBe('CONFIRMED');
  });

  it('writes start, end and stamp in UTC, and names the reader’s zone in the description', () => {
    const ics = calendarText(calendarEvent({ timeZone: 'America/New_York' }), stamp);
    expect(property(ics, 'DTSTART')).toEqual({ name: 'DTSTART', params: '', value: '20250304T100000Z' });
    expect(property(ics, 'DTEND')).toEqual({ name: 'DTEND', params: '', value: '20250304T105000Z' });
    expect(property(ics, 'DTSTAMP').value).toBe('20250225T093000Z');
    expect(ics).not.toContain('TZID');
    expect(unescapeText(property(ics, 'DESCRIPTION').value)).toBe(
      'Tuesday 4 March, 05:00 (New York time).\nVideo call with Sam Rivera. Join here: https://video.example/sam-rivera',
    );
  });

  it('keeps the summary neutral and the people as organiser and attendee, with no reply asked for', () => {
    const ics = calendarText(request, stamp);
    expect(unescapeText(property(ics, 'SUMMARY').value)).toBe('Appointment with Sam Rivera');
    expect(property(ics, 'ORGANIZER')).toMatchObject({ params: 'CN=Sam Rivera', value: 'MAILTO:hello@threshold.test' });
    const attendee = property(ics, 'ATTENDEE');
    expect(attendee.params).toBe('RSVP=FALSE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Alex Morgan');
    expect(attendee.value).toBe('mailto:alex@client.test');
    expect(ics).not.toMatch(/therap|counsel|mental/i);
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const first = calendarText(request, stamp);
    const ics = calendarText(cancel, new Date('2025-03-01T08:00:00Z'));
    expect(property(ics, 'METHOD').value).toBe('CANCEL');
    expect(property(ics, 'STATUS').value).toBe('CANCELLED');
    expect(property(ics, 'UID').value).toBe(property(first, 'UID').value);
    expect(Number(property(ics, 'SEQUENCE').value)).toBeGreaterThan(Number(property(first, 'SEQUENCE').value));
    expect(property(ics, 'TRANSP').value).toBe('TRANSPARENT');
  });

  it('escapes commas, semicolons, backslashes and newlines in text, and reads back unchanged', () => {
    const description = 'In person, at 12 Mill Lane; Flat 2\nRing the bell \\ wait a moment';
    const location = '12 Mill Lane, Flat 2; Bristol';
    const ics = calendarText(
      calendarEvent({ description, location, summary: 'Appointment with Rivera, Sam; Jr' }),
      stamp,
    );
    expect(property(ics, 'LOCATION').value).toBe('12 Mill Lane\\, Flat 2\\; Bristol');
    expect(unescapeText(property(ics, 'LOCATION').value)).toBe(location);
    expect(unescapeText(property(ics, 'SUMMARY').value)).toBe('Appointment with Rivera, Sam; Jr');
    expect(unescapeText(property(ics, 'DESCRIPTION').value)).toBe(
      `Tuesday 4 March, 10:00 (London time).\n${description}`,
    );
    // No raw line break inside a value: every physical line is a property or a fold.
    for (const line of ics.split('\r\n').filter(Boolean)) expect(line).toMatch(/^(?:[A-Z-]+[;:]| )/);
  });

  it('writes names in parameters without double quotes inside, which the grammar does not allow', () => {
    const ics = calendarText(
      calendarEvent({
        organizer: { name: 'Sam "Sunny" Rivera', email: 'hello@threshold.test' },
        attendees: [{ name: 'Morgan, Alex; "Al"', email: 'alex@client.test' }],
      }),
      stamp,
    );
    expect(property(ics, 'ORGANIZER').params).toBe(`CN=Sam 'Sunny' Rivera`);
    // Quoted because of the comma and semicolon; no RFC 6868 ^' that a client might show as typed.
    expect(property(ics, 'ATTENDEE').params).toContain(`CN="Morgan, Alex; 'Al'"`);
    expect(ics).not.toContain("^'");
  });

  it('writes every line break in the description as \\n, a carriage return included', () => {
    const ics = calendarText(calendarEvent({ description: 'First line\r\nsecond\rthird\nfourth' }), stamp);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(unescapeText(property(ics, 'DESCRIPTION').value)).toBe(
      'Tuesday 4 March, 10:00 (London time).\nFirst line\nsecond\nthird\nfourth',
    );
  });

  it('ends every line with CRLF and folds at 75 octets, never inside a character', () => {
    const name = 'Zoë Ødegård-Nakamura 中村 さくら';
    const ics = calendarText(
      calendarEvent({
        summary: `Appointment with ${name}`,
        description: `Video call with ${name}. ${'Ünïcödé '.repeat(30)}`,
      }),
      stamp,
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const physical = ics.split('\r\n').slice(0, -1);
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    expect(Buffer.from(ics, 'utf8').toString('utf8')).toBe(ics);
    expect(unescapeText(property(ics, 'SUMMARY').value)).toBe(`Appointment with ${name}`);
    expect(ics).not.toMatch(/\r\n\t/);
  });

  it('folds exactly: 75 octets, then a space and 74', () => {
    const folded = foldLine(`DESCRIPTION:${'a'.repeat(200)}`).split('\r\n');
    // 212 octets: 75, then 74 + the space, then the last 63 + the space.
    expect(folded.map(octets)).toEqual([75, 75, 64]);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    // A three-octet character that would cross the limit moves whole to the next line.
    const cjk = foldLine(`X:${'中'.repeat(30)}`).split('\r\n');
    expect(cjk.every((l) => octets(l) <= 75)).toBe(true);
    expect(cjk.join('').replace(/ /g, '')).toBe(`X:${'中'.repeat(30)}`);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('is the same invite whenever the same message is rendered', () => {
    expect(calendarText(request, stamp)).toBe(calendarText(request, new Date(stamp)));
  });

  it('is attached as invite.ics with the method in the content type', () => {
    expect(calendarAttachment(request, stamp)).toMatchObject({
      filename: 'invite.ics',
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    });
    expect(calendarAttachment(cancel, stamp).contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });

  it('refuses event data that would make a broken or contradictory invite', () => {
    expect(calendarEventSchema.safeParse(request).success).toBe(true);
    expect(calendarEventSchema.safeParse({ ...request, status: 'CANCELLED' }).success).toBe(false);
    expect(calendarEventSchema.safeParse({ ...request, uid: 'a b\r\nX:y@threshold' }).success).toBe(false);
    expect(calendarEventSchema.safeParse({ ...request, end: request.start }).success).toBe(false);
    expect(calendarEventSchema.safeParse({ ...request, sequence: -1 }).success).toBe(false);
    expect(
      calendarEventSchema.safeParse({ ...request, attendees: [{ name: 'Alex', email: 'not an address' }] }).success,
    ).toBe(false);
    // Names become one line, so no parameter can be broken open.
    const parsed = calendarEventSchema.parse({
      ...request,
      organizer: { name: 'Sam\r\nATTENDEE:mailto:x@evil.test', email: 'hello@threshold.test' },
    });
    expect(contentLines(calendarText(parsed, stamp)).filter((l) => l.name === 'ATTENDEE')).toHaveLength(1);
  });
});
