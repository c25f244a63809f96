/**
 * Busy calendars, end to end in handler mode: a therapist's own calendar served by a loopback server
 * this file starts, saved through the API, read by the calendar-sync function (at once from the
 * stream, then on its schedule), and the slots a client is offered. What the calendar says of an
 * event other than its time (the title here) must appear nowhere: not in the table, the logs or any
 * response.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchCalendar } from '#shared/calendars/calendar-fetch.js';
import { getRuntime } from '#shared/runtime.js';
import { listBusyCalendars } from '#shared/store/busy-calendars.js';
import { syncDueBusyCalendars } from '#shared/use-cases/calendars/sync-busy-calendars.js';
import { calendar, event } from '#test/unit/calendars/ics-samples.js';
import { startCalendarServer, type CalendarServer } from '#test/support/calendar-server.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { clock, handlerMode, MINUTE, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aTherapist } from '#test/support/steps/given.js';
import { scanAll } from '#test/support/steps/then.js';
import {
  aTherapistWithAnInvitation,
  busyCalendarsIn,
  clientBooks,
  startsOn,
  theCalendarSyncRuns,
  therapistReadsBusyCalendars,
  therapistSavesBusyCalendars,
  theStreamDeliversSavedCalendars,
} from './steps.js';

useTestEnvironment();

let server: CalendarServer;
beforeAll(async () => {
  server = await startCalendarServer();
});
afterAll(() => server.stop());

// Monday 16 March 2026, 08:00 London (= UTC before the clocks change on the 29th).
const monday = '2026-03-16T08:00:00Z';
beforeEach(() => clock.set(monday));

const allDay = [
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '11:00',
  '11:30',
  '12:00',
  '12:30',
  '13:00',
  '13:30',
  '14:00',
  '14:30',
  '15:00',
  '15:30',
  '16:00',
];

describe.runIf(handlerMode)('a busy calendar', () => {
  it('removes the slots its events overlap (with the buffers) once read, and its titles appear nowhere', async () => {
    const title = `Dentist appointment ${randomUUID()}`;
    const path = `/${randomUUID()}/basic.ics`;
    server.serve(
      path,
      calendar(
        event({
          uid: 'dentist',
          start: '20260317T110000Z',
          end: '20260317T113000Z',
          summary: title,
          extra: ['DESCRIPTION:Root canal', 'LOCATION:High Street Dental'],
        }),
      ),
    );
    const { therapist, token } = await aTherapistWithAnInvitation();
    const replies: ApiReply[] = [];
    const logs = captureLogs();
    try {
      expect(await startsOn(token, '2026-03-17')).toEqual(allDay);

      const saved = await therapistSavesBusyCalendars(therapist.therapistId, [
        { label: 'Home', url: `${server.url}${path}` },
      ]);
      replies.push(saved);
      expect(saved.status).toBe(200);
      expect(busyCalendarsIn(saved)).toEqual([
        expect.objectContaining({
          label: 'Home',
          url: `${server.url}${path}`,
          status: 'waiting',
          busyTimes: 0,
          nextSyncAt: '2026-03-16T08:00:00.000Z',
        }),
      ]);

      // At once on save: the stream hands the new calendar to the sync function.
      expect(await theStreamDeliversSavedCalendars(therapist.therapistId)).toEqual({ read: 1, failed: 0, skipped: 0 });
      const read = await therapistReadsBusyCalendars(therapist.therapistId);
      replies.push(read);
      expect(busyCalendarsIn(read)).toEqual([
        expect.objectContaining({
          status: 'ok',
          busyTimes: 1,
          lastSyncedAt: '2026-03-16T08:00:00.000Z',
          lastAttemptAt: '2026-03-16T08:00:00.000Z',
          nextSyncAt: '2026-03-16T08:13:00.000Z',
        }),
      ]);

      // 11:00-11:30 busy, 15 minutes after: a 60-minute slot may end by 11:00 and start from 11:45.
      expect(await startsOn(token, '2026-03-17')).toEqual([
        '09:00',
        '09:30',
        '12:00',
        '12:30',
        '13:00',
        '13:30',
        '14:00',
        '14:30',
        '15:00',
        '15:30',
        '16:00',
      ]);
      expect(await startsOn(token, '2026-03-18')).toEqual(allDay);

      // A time offered before the calendar was read is refused as a lost race would be: kindly, with fresh times.
      const late = await clientBooks(token, '2026-03-17T10:30:00Z');
      replies.push(late);
      expect(late.status).toBe(409);
      expect(late.json()).toMatchObject({
        reason: 'slot-taken',
        detail: 'That time has just become unavailable. Here are the times still free.',
      });
      expect(late.json<{ slots: unknown[] }>().slots.length).toBeGreaterThan(0);
      const fine = await clientBooks(token, '2026-03-17T12:00:00Z');
      replies.push(fine);
      expect(fine.status).toBe(201);
    } finally {
      logs.stop();
    }
    const table = JSON.stringify(await scanAll('pk <> :none', { ':none': '~' }));
    for (const secret of [title, 'Root canal', 'High Street Dental']) {
      expect(table).not.toContain(secret);
      expect(logs.text()).not.toContain(secret);
      for (const reply of replies) expect(reply.text).not.toContain(secret);
    }
    // The address is a secret too: shown to its therapist, never logged.
    expect(logs.text()).not.toContain(path);
  });

  it('keeps its last busy times while it fails, says why and when it last worked, and is tried again later and later', async () => {
    const path = `/${randomUUID()}/basic.ics`;
    let failing = false;
    server.route(path, (_req, res) => {
      if (failing) {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.end(calendar(event({ uid: 'gym', start: '20260318T090000Z', end: '20260318T100000Z' })));
    });
    const { therapist, token } = await aTherapistWithAnInvitation();
    expect(
      (await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Gym', url: `${server.url}${path}` }]))
        .status,
    ).toBe(200);
    expect(await theCalendarSyncRuns()).toMatchObject({ read: 1 });
    const blocked = await startsOn(token, '2026-03-18');
    expect(blocked).not.toContain('09:00');

    failing = true;
    // Other tests' calendars share this table and may be due too: look at this therapist's calendar.
    const mine = async () => busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId))[0]!;
    clock.advance(15 * MINUTE);
    expect(await theCalendarSyncRuns()).toMatchObject({ failed: 1 });
    const first = await mine();
    expect(first).toMatchObject({
      status: 'failing',
      busyTimes: 1,
      lastSyncedAt: '2026-03-16T08:00:00.000Z',
      lastAttemptAt: '2026-03-16T08:15:00.000Z',
      nextSyncAt: '2026-03-16T08:28:00.000Z',
      problem: { code: 'http-error' },
    });
    expect(first.problem!.message).toMatch(/refused/);
    // The busy times of the last good read still block.
    expect(await startsOn(token, '2026-03-18')).toEqual(blocked);

    // Not due at the next run; due and failing again after it, then further apart.
    clock.advance(10 * MINUTE);
    await theCalendarSyncRuns();
    expect(await mine()).toMatchObject({ lastAttemptAt: '2026-03-16T08:15:00.000Z' });
    clock.advance(5 * MINUTE);
    await theCalendarSyncRuns();
    expect(await mine()).toMatchObject({
      status: 'failing',
      lastAttemptAt: '2026-03-16T08:30:00.000Z',
      nextSyncAt: '2026-03-16T08:58:00.000Z',
    });

    failing = false;
    clock.set('2026-03-16T09:00:00Z');
    await theCalendarSyncRuns();
    const recovered = await mine();
    expect(recovered).toMatchObject({
      status: 'ok',
      lastSyncedAt: '2026-03-16T09:00:00.000Z',
      nextSyncAt: '2026-03-16T09:13:00.000Z',
    });
    expect(recovered.problem).toBeUndefined();
  });

  it('never holds up the other calendars: one that hangs times out while the rest are read', async () => {
    const good = `/${randomUUID()}/good.ics`;
    const hanging = `/${randomUUID()}/hang.ics`;
    server.serve(good, calendar(event({ uid: 'a', start: '20260319T090000Z', end: '20260319T100000Z' })));
    server.hang(hanging);
    const therapist = await aTherapist();
    expect(
      (
        await therapistSavesBusyCalendars(therapist.therapistId, [
          { label: 'Stuck', url: `${server.url}${hanging}` },
          { label: 'Fine', url: `${server.url}${good}` },
        ])
      ).status,
    ).toBe(200);
    const runtime = getRuntime();
    const started = performance.now();
    const summary = await syncDueBusyCalendars(runtime, clock.now(), (url) =>
      fetchCalendar(url, { allowLoopback: true, timeoutMs: 500 }),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    const mine = summary.outcomes.filter((o) => o.therapistId === therapist.therapistId);
    expect(mine.map((o) => [o.outcome, o.code ?? '']).sort()).toEqual([
      ['failed', 'timeout'],
      ['read', ''],
    ]);
    const views = busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId));
    expect(views.map((v) => [v.label, v.status, v.problem?.code])).toEqual([
      ['Stuck', 'failing', 'timeout'],
      ['Fine', 'ok', undefined],
    ]);
  });

  it('reads the fine calendar beside one whose time zone never ends, and records that one failed with its backoff', async () => {
    const fine = `/${randomUUID()}/fine.ics`;
    const hostile = `/${randomUUID()}/hostile.ics`;
    server.serve(fine, calendar(event({ uid: 'a', start: '20260319T090000Z', end: '20260319T100000Z' })));
    // About 600 bytes: a STANDARD part from 1601 changing the clock every hour, and one event in it.
    const zone = [
      'BEGIN:VTIMEZONE',
      'TZID:Hostile Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T000000',
      'RRULE:FREQ=HOURLY',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0000',
      'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n');
    server.serve(
      hostile,
      calendar(
        event({ uid: 'h', start: 'TZID=Hostile Time:20260319T090000', end: 'TZID=Hostile Time:20260319T100000' }),
      ).replace('BEGIN:VEVENT', `${zone}\r\nBEGIN:VEVENT`),
    );
    const therapist = await aTherapist();
    const saved = [
      { label: 'Hostile', url: `${server.url}${hostile}` },
      { label: 'Fine', url: `${server.url}${fine}` },
    ];
    expect((await therapistSavesBusyCalendars(therapist.therapistId, saved)).status).toBe(200);
    const started = performance.now();
    const summary = await syncDueBusyCalendars(getRuntime(), clock.now(), (url) =>
      fetchCalendar(url, { allowLoopback: true }),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    const mine = summary.outcomes.filter((o) => o.therapistId === therapist.therapistId);
    expect(mine.map((o) => [o.outcome, o.code ?? '']).sort()).toEqual([
      ['failed', 'too-complex'],
      ['read', ''],
    ]);
    const views = busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId));
    expect(views).toEqual([
      expect.objectContaining({
        label: 'Hostile',
        status: 'failing',
        lastAttemptAt: '2026-03-16T08:00:00.000Z',
        nextSyncAt: '2026-03-16T08:13:00.000Z',
        problem: expect.objectContaining({ code: 'too-complex' }),
      }),
      expect.objectContaining({ label: 'Fine', status: 'ok', busyTimes: 1 }),
    ]);
    expect(views[0]!.problem!.message).toMatch(/more complicated than we can read/);
  });

  it('counts a read that never ends as failed before it starts: the calendar backs off, no run claims it meanwhile, and the next attempt says so', async () => {
    const path = `/${randomUUID()}/never.ics`;
    server.serve(path, calendar(event({ uid: 'n', start: '20260319T090000Z', end: '20260319T100000Z' })));
    const therapist = await aTherapist();
    expect(
      (await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Never', url: `${server.url}${path}` }]))
        .status,
    ).toBe(200);
    const mine = async () => busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId))[0]!;
    // The function dies mid-read: the port never answers, and nothing after the claim runs.
    const releases: ((reason: Error) => void)[] = [];
    const dies = () =>
      syncDueBusyCalendars(
        getRuntime(),
        clock.now(),
        () => new Promise<string>((_resolve, reject) => releases.push(reject)),
      );
    const first = dies();
    await expect.poll(async () => (await mine()).lastAttemptAt, { timeout: 5000 }).toBe('2026-03-16T08:00:00.000Z');
    // Counted and backed off already; a read in progress does not show as failing.
    expect(await mine()).toMatchObject({ status: 'waiting', nextSyncAt: '2026-03-16T08:13:00.000Z' });
    // The next run leaves it alone until its backoff ends.
    clock.advance(10 * MINUTE);
    await theCalendarSyncRuns();
    expect(server.requests.filter((r) => r.path === path)).toHaveLength(0);
    // The next attempt finds the last one never ended: it says so, and dies too.
    clock.advance(5 * MINUTE);
    const second = dies();
    await expect.poll(async () => (await mine()).lastAttemptAt, { timeout: 5000 }).toBe('2026-03-16T08:15:00.000Z');
    expect(await mine()).toMatchObject({
      status: 'failing',
      nextSyncAt: '2026-03-16T08:43:00.000Z',
      problem: { code: 'too-complex' },
    });
    // After that backoff it is read again, and a good read clears the failure.
    clock.set('2026-03-16T08:45:00Z');
    await theCalendarSyncRuns();
    expect(await mine()).toMatchObject({ status: 'ok', busyTimes: 1, lastSyncedAt: '2026-03-16T08:45:00.000Z' });
    expect((await mine()).problem).toBeUndefined();
    for (const release of releases) release(new Error('the invocation ended'));
    await Promise.all([first, second]);
    // The dead runs' late results are for nobody: their claims were taken over.
    expect(await mine()).toMatchObject({ status: 'ok', busyTimes: 1 });
  });

  it('gives a calendar back unread, due at once and as it was, when the run has no time left to read it', async () => {
    const path = `/${randomUUID()}/late.ics`;
    server.serve(path, calendar(event({ uid: 'l', start: '20260319T090000Z', end: '20260319T100000Z' })));
    const therapist = await aTherapist();
    expect(
      (await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Late', url: `${server.url}${path}` }]))
        .status,
    ).toBe(200);
    // Time enough to start the batch, then the fetch took nearly all that was left.
    let asked = 0;
    const summary = await syncDueBusyCalendars(
      getRuntime(),
      clock.now(),
      (url) => fetchCalendar(url, { allowLoopback: true }),
      { timeLeft: () => (asked++ === 0 ? 60_000 : 1_000) },
    );
    expect(summary.outcomes.filter((o) => o.therapistId === therapist.therapistId).map((o) => o.outcome)).toEqual([
      'skipped',
    ]);
    const view = busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId))[0]!;
    expect(view).toMatchObject({ status: 'waiting', nextSyncAt: '2026-03-16T08:00:00.000Z' });
    expect(view.lastAttemptAt).toBeUndefined();
    expect(await theCalendarSyncRuns()).toMatchObject({ read: expect.any(Number) });
    expect(busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId))[0]).toMatchObject({
      status: 'ok',
      busyTimes: 1,
    });
  });

  it('is read once when two runs overlap', async () => {
    const path = `/${randomUUID()}/once.ics`;
    server.serve(path, calendar(event({ uid: 'a', start: '20260319T090000Z', end: '20260319T100000Z' })));
    const therapist = await aTherapist();
    await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Once', url: `${server.url}${path}` }]);
    const [a, b] = await Promise.all([theCalendarSyncRuns(), theCalendarSyncRuns()]);
    expect(a.read + b.read).toBeGreaterThanOrEqual(1);
    expect(server.requests.filter((r) => r.path === path)).toHaveLength(1);
  });

  it('keeps its busy times when only its name changes, and stops blocking at once when removed', async () => {
    const path = `/${randomUUID()}/basic.ics`;
    server.serve(path, calendar(event({ uid: 'a', start: '20260318T090000Z', end: '20260318T100000Z' })));
    const { therapist, token } = await aTherapistWithAnInvitation();
    const url = `${server.url}${path}`;
    await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Home', url }]);
    await theCalendarSyncRuns();
    const before = busyCalendarsIn(await therapistReadsBusyCalendars(therapist.therapistId))[0]!;

    const renamed = busyCalendarsIn(
      await therapistSavesBusyCalendars(therapist.therapistId, [{ label: 'Family', url }]),
    )[0]!;
    expect(renamed).toMatchObject({
      calendarId: before.calendarId,
      label: 'Family',
      status: 'ok',
      busyTimes: 1,
      lastSyncedAt: before.lastSyncedAt,
    });
    expect(await startsOn(token, '2026-03-18')).not.toContain('09:00');

    expect(busyCalendarsIn(await therapistSavesBusyCalendars(therapist.therapistId, []))).toEqual([]);
    expect(await startsOn(token, '2026-03-18')).toEqual(allDay);
    expect(await listBusyCalendars(getRuntime().db, getRuntime().config.tableName, therapist.therapistId)).toEqual([]);
  });

  it('belongs to its therapist alone', async () => {
    const mine = await aTherapist();
    const other = await aTherapist();
    await therapistSavesBusyCalendars(mine.therapistId, [
      { label: 'Home', url: 'https://calendar.example.org/private/abc/basic.ics' },
    ]);
    expect(busyCalendarsIn(await therapistReadsBusyCalendars(other.therapistId))).toEqual([]);
    expect(busyCalendarsIn(await therapistReadsBusyCalendars(mine.therapistId))).toHaveLength(1);
  });
});

describe('saving busy calendars', () => {
  const errorsOf = (reply: ApiReply) => reply.json<{ errors?: { path: string; message: string }[] }>().errors ?? [];

  it('reads webcal:// addresses as https', async () => {
    const therapist = await aTherapist();
    const reply = await therapistSavesBusyCalendars(therapist.therapistId, [
      { label: 'Google', url: 'webcal://calendar.example.org/ical/secret/basic.ics' },
    ]);
    expect(reply.status).toBe(200);
    expect(busyCalendarsIn(reply)[0]!.url).toBe('https://calendar.example.org/ical/secret/basic.ics');
  });

  it.each([
    [
      'more than five',
      Array.from({ length: 6 }, (_, i) => ({ label: `C${i}`, url: `https://calendar.example.org/${i}.ics` })),
      '(body)',
    ],
    ['no label', [{ label: ' ', url: 'https://calendar.example.org/a.ics' }], '0.label'],
    ['an unknown field', [{ label: 'A', url: 'https://calendar.example.org/a.ics', colour: 'red' }], '0.colour'],
    ['not an address', [{ label: 'A', url: 'my calendar' }], '0.url'],
    ['ftp', [{ label: 'A', url: 'ftp://calendar.example.org/a.ics' }], '0.url'],
    ['a private address', [{ label: 'A', url: 'https://192.168.1.10/a.ics' }], '0.url'],
    ['the metadata service', [{ label: 'A', url: 'http://169.254.169.254/latest/meta-data' }], '0.url'],
    ['a user name and password', [{ label: 'A', url: 'https://me:secret@calendar.example.org/a.ics' }], '0.url'],
    [
      'the same calendar twice',
      [
        { label: 'A', url: 'https://calendar.example.org/a.ics' },
        { label: 'B', url: 'webcal://calendar.example.org/a.ics' },
      ],
      '1.url',
    ],
    ['an object instead of a list', { label: 'A', url: 'https://calendar.example.org/a.ics' }, '(body)'],
  ])('refuses %s with a 400 that names the field', async (_what, body, path) => {
    const therapist = await aTherapist();
    const reply = await therapistSavesBusyCalendars(therapist.therapistId, body);
    expect(reply.status).toBe(400);
    expect(errorsOf(reply).map((e) => e.path)).toContain(path);
    expect(errorsOf(reply).every((e) => e.message.length > 10)).toBe(true);
  });
});
