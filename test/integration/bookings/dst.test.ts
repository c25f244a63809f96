/**
 * Bookings across clock changes: the lock cells are plain UTC quarter hours, so an appointment that
 * straddles a change keeps exactly its own cells, and each side reads the time in their own zone.
 */
import { describe, expect, it } from 'vitest';
import { clock } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import {
  aPractice,
  cellsFrom,
  clientBooks,
  clientListsSlots,
  invitations,
  locks,
  onlyMessage,
  practice,
  therapistActs,
  timers,
} from './steps.js';

useTestEnvironment();

describe('daylight saving', () => {
  it('New York, 1 November 2026: an appointment straddling the fall-back keeps its cells and reads right on both sides', async () => {
    clock.set('2026-10-28T12:00:00Z');
    const night = [{ start: '00:00', end: '04:00' }];
    const therapist = await aPractice(
      practice({
        consultation: { durationMinutes: 60, mode: { kind: 'phone' } },
        bufferAfterMinutes: 0,
        minimumNoticeMinutes: 0,
      }),
      { timeZone: 'America/New_York', weekly: { sun: night } },
    );
    const [invited] = await invitations(therapist, 1, 'consultation', 60);

    // Clocks go back at 06:00Z (02:00 EDT → 01:00 EST): a slot from 05:30Z to 06:30Z straddles it.
    const slots = (await clientListsSlots(invited!.token, 'from=2026-11-01&to=2026-11-01&tz=America/New_York')).json<{
      slots: { start: string; end: string }[];
    }>().slots;
    const straddling = slots.find(
      (s) =>
        Date.parse(s.start) < Date.parse('2026-11-01T06:00:00Z') &&
        Date.parse(s.end) > Date.parse('2026-11-01T06:00:00Z'),
    );
    expect(straddling, 'a slot across the change is offered').toBeDefined();
    expect(straddling!.start.endsWith('-04:00')).toBe(true);
    expect(straddling!.end.endsWith('-05:00')).toBe(true);

    // Booked from London: the answer is in London time, the cells are the four UTC quarter hours it covers.
    const reply = await clientBooks(invited!.token, straddling!.start, 'Europe/London');
    expect(reply.status).toBe(201);
    const startUtc = new Date(straddling!.start).toISOString();
    expect(reply.json()).toMatchObject({ start: startUtc.replace('.000Z', '+00:00'), timeZone: 'Europe/London' }); // GMT in London by November
    expect((await locks(therapist.therapistId)).map((l) => l.cell)).toEqual(cellsFrom(startUtc, 4));
    expect(Date.parse(reply.json<{ end: string }>().end) - Date.parse(reply.json<{ start: string }>().start)).toBe(
      60 * 60_000,
    );

    const { bookingId } = reply.json<{ bookingId: string }>();
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    const toTherapist = await onlyMessage('booking-confirmed-therapist', therapist.email);
    expect(toTherapist.data.ics).toMatchObject({
      timeZone: 'America/New_York',
      start: startUtc,
      end: new Date(Date.parse(startUtc) + 3_600_000).toISOString(),
    });
    // 24 hours before is an exact day of elapsed time, whatever the wall clock did.
    expect((await timers(therapist.therapistId, 'booking-reminder'))[0]!.dueAt).toBe(
      new Date(Date.parse(startUtc) - 24 * 3_600_000).toISOString(),
    );
  });

  it('London, 30 March 2026 (the day after spring-forward), booked from New York: 09:00 BST is 08:00Z and 04:00 in New York', async () => {
    clock.set('2026-03-26T12:00:00Z');
    const therapist = await aPractice(practice({ bufferAfterMinutes: 0 }));
    const [invited] = await invitations(therapist, 1);
    const reply = await clientBooks(invited!.token, '2026-03-30T09:00:00+01:00', 'America/New_York');
    expect(reply.status).toBe(201);
    expect(reply.json()).toMatchObject({ start: '2026-03-30T04:00:00-04:00', end: '2026-03-30T04:30:00-04:00' });
    expect((await locks(therapist.therapistId)).map((l) => l.cell)).toEqual(cellsFrom('2026-03-30T08:00:00Z', 2));
    const requested = await onlyMessage('booking-requested', invited!.client.email);
    expect(requested.data.appointment).toMatchObject({
      start: '2026-03-30T08:00:00.000Z',
      timeZone: 'America/New_York',
    });

    // The Friday before the change, 09:00 London is 09:00Z: one hour apart in UTC, the same on the wall.
    const [friday] = await invitations(therapist, 1);
    expect((await clientBooks(friday!.token, '2026-03-27T09:00:00+00:00')).status).toBe(201);
    expect((await locks(therapist.therapistId)).map((l) => l.cell)).toContain('2026-03-27T09:00:00.000Z');
  });
});
