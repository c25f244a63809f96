/**
 * The therapist's calendar feed, as a calendar app subscribes to it: real bookings made, confirmed and
 * cancelled through the API, a break, the feed fetched from its private URL and read with ical.js.
 */
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { feedGuessesPerHour } from '#shared/use-cases/calendars/serve-calendar-feed.js';
import { clock, DAY, handlerMode, MINUTE, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, type GivenTherapist } from '#test/support/steps/given.js';
import { emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';
import { aTherapistWithHours, anInvitationFrom, clientBooks } from './steps.js';

useTestEnvironment();

beforeEach(() => clock.set('2026-03-16T08:00:00Z'));

const feedUrlOf = async (therapistId: string): Promise<string> => {
  const reply = await send({ method: 'GET', path: '/me/calendar-feed', as: therapistId });
  expect(reply.status).toBe(200);
  return reply.json<{ url: string }>().url;
};
const fetchFeed = (url: string, headers: Record<string, string> = {}, sourceIp?: string): Promise<ApiReply> =>
  send({ method: 'GET', path: new URL(url).pathname, headers, ...(sourceIp ? { sourceIp } : {}) });

interface FeedEvent {
  uid: string;
  summary: string;
  status: string;
  start: string;
  end: string;
  allDay: boolean;
}

function eventsIn(text: string): FeedEvent[] {
  const root = new ICAL.Component(ICAL.parse(text));
  expect(root.name).toBe('vcalendar');
  return root.getAllSubcomponents('vevent').map((v) => {
    const start = v.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    const end = v.getFirstPropertyValue('dtend') as InstanceType<typeof ICAL.Time>;
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      status: String(v.getFirstPropertyValue('status')),
      start: start.toString(),
      end: end.toString(),
      allDay: start.isDate,
    };
  });
}

async function book(token: string, start: string): Promise<string> {
  const reply = await clientBooks(token, start);
  expect(reply.status).toBe(201);
  return reply.json<{ bookingId: string }>().bookingId;
}
const therapistDoes = async (therapist: GivenTherapist, bookingId: string, action: 'confirm' | 'cancel') =>
  expect(
    (
      await send({
        method: 'POST',
        path: `/me/bookings/${bookingId}/${action}`,
        as: therapist.therapistId,
        ...(action === 'cancel' ? { json: { note: 'I am sorry, I need to move this.' } } : {}),
      })
    ).status,
  ).toBe(200);

/** A therapist whose calendar holds a confirmed booking, a request, a cancelled booking and a break. */
async function aBusyPractice() {
  const therapist = await aTherapistWithHours();
  const alex = aClient({ name: 'Alex Morgan' });
  const zoe = aClient({ name: 'Zoë Ødegård' });
  const pat = aClient({ name: 'Pat Jones' });
  const confirmedId = await book(await anInvitationFrom(therapist, alex), '2026-03-17T10:00:00Z');
  await therapistDoes(therapist, confirmedId, 'confirm');
  const requestedId = await book(await anInvitationFrom(therapist, zoe), '2026-03-18T10:00:00Z');
  const cancelledId = await book(await anInvitationFrom(therapist, pat), '2026-03-19T10:00:00Z');
  await therapistDoes(therapist, cancelledId, 'cancel');
  const breakReply = await send({
    method: 'POST',
    path: '/me/breaks',
    as: therapist.therapistId,
    json: { start: '2026-04-06', end: '2026-04-10' },
  });
  expect(breakReply.status).toBe(201);
  return {
    therapist,
    clients: { alex, zoe, pat },
    confirmedId,
    requestedId,
    cancelledId,
    breakId: breakReply.json<{ breakId: string }>().breakId,
  };
}

describe.runIf(handlerMode)('the calendar feed', () => {
  it('shows confirmed bookings as events, requests as tentative, breaks as busy days, and cancelled ones not at all', async () => {
    const { therapist, clients, confirmedId, requestedId, breakId } = await aBusyPractice();
    const url = await feedUrlOf(therapist.therapistId);
    expect(url).toMatch(/^https:\/\/api\.threshold\.test\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await feedUrlOf(therapist.therapistId)).toBe(url);

    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('private, no-cache');
    expect(feed.headers['referrer-policy']).toBe('no-referrer');
    expect(eventsIn(feed.text)).toEqual([
      {
        uid: `${confirmedId}@threshold`,
        summary: 'Appointment with A.M.',
        status: 'CONFIRMED',
        start: '2026-03-17T10:00:00Z',
        end: '2026-03-17T11:00:00Z',
        allDay: false,
      },
      {
        uid: `${requestedId}@threshold`,
        summary: 'Appointment with Z.Ø. (to confirm)',
        status: 'TENTATIVE',
        start: '2026-03-18T10:00:00Z',
        end: '2026-03-18T11:00:00Z',
        allDay: false,
      },
      {
        uid: `break-${breakId}@threshold`,
        summary: 'Break',
        status: 'CONFIRMED',
        start: '2026-04-06',
        end: '2026-04-11',
        allDay: true,
      },
    ]);
    // The break shares the bookings' index collection; the diary still lists bookings alone.
    const diary = await send({
      method: 'GET',
      path: '/me/bookings?from=2026-03-01&to=2026-05-01',
      as: therapist.therapistId,
    });
    expect(diary.status).toBe(200);
    expect(JSON.stringify(diary.json())).not.toContain(breakId);
    expect(feed.text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT15M');
    expect(feed.text).toContain('X-PUBLISHED-TTL:PT15M');

    // The same UID as the invite the therapist was emailed: one appointment, one event, in any calendar.
    await theOutboxIsDelivered();
    const emails = await emailsArriveFor(therapist.email, 1);
    const invites = emails.flatMap((e) =>
      e.attachments
        .filter((a) => a.contentType.startsWith('text/calendar'))
        .map((a) => Buffer.from(a.content, 'base64').toString('utf8')),
    );
    expect(invites.map((ics) => eventsIn(ics)[0]!.uid)).toContain(`${confirmedId}@threshold`);

    // Nothing of the clients beyond initials: no names, addresses, phone numbers or messages.
    for (const client of Object.values(clients))
      for (const secret of [client.email, client.phone, client.name]) expect(feed.text).not.toContain(secret);
    expect(feed.text).not.toMatch(/struggling|therap|counsel|Pat|Jones/i);
  }, 60_000);

  it('shows first names or nothing, as the therapist chooses', async () => {
    const { therapist } = await aBusyPractice();
    const url = await feedUrlOf(therapist.therapistId);
    const choose = (shows: string) =>
      send({ method: 'PUT', path: '/me/calendar-feed', as: therapist.therapistId, json: { shows } });

    const firstNames = await choose('first-name');
    expect(firstNames.status).toBe(200);
    expect(firstNames.json()).toMatchObject({ url, shows: 'first-name' });
    expect(eventsIn((await fetchFeed(url)).text).map((e) => e.summary)).toEqual([
      'Appointment with Alex',
      'Appointment with Zoë (to confirm)',
      'Break',
    ]);

    expect((await choose('nothing')).status).toBe(200);
    const bare = await fetchFeed(url);
    expect(eventsIn(bare.text).map((e) => e.summary)).toEqual(['Appointment', 'Appointment (to confirm)', 'Break']);
    expect(bare.text).not.toMatch(/Alex|Zoë|A\.M\./);

    const wrong = await choose('full-name');
    expect(wrong.status).toBe(400);
    expect(wrong.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('shows');
  }, 60_000);

  it('answers 304 to a calendar app whose copy is current, and the new feed once something changed', async () => {
    const { therapist, confirmedId, breakId } = await aBusyPractice();
    const url = await feedUrlOf(therapist.therapistId);
    const first = await fetchFeed(url);
    const { etag, 'last-modified': lastModified } = first.headers;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(new Date(lastModified!).toISOString()).toBe('2026-03-16T08:00:00.000Z');

    const byTag = await fetchFeed(url, { 'if-none-match': etag! });
    expect(byTag.status).toBe(304);
    expect(byTag.text).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    expect((await fetchFeed(url, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await fetchFeed(url, { 'if-modified-since': lastModified! })).status).toBe(304);
    // If-None-Match decides when both are sent.
    expect((await fetchFeed(url, { 'if-none-match': '"other"', 'if-modified-since': lastModified! })).status).toBe(200);

    // A cancellation changes the feed: a new tag, a later date.
    clock.advance(5 * MINUTE);
    await therapistDoes(therapist, confirmedId, 'cancel');
    const afterCancel = await fetchFeed(url, { 'if-none-match': etag!, 'if-modified-since': lastModified! });
    expect(afterCancel.status).toBe(200);
    expect(afterCancel.headers.etag).not.toBe(etag);
    expect(eventsIn(afterCancel.text).map((e) => e.uid)).not.toContain(`${confirmedId}@threshold`);

    // A deleted break leaves no item behind, and still moves Last-Modified on.
    clock.advance(5 * MINUTE);
    const since = afterCancel.headers['last-modified']!;
    expect((await fetchFeed(url, { 'if-modified-since': since })).status).toBe(304);
    expect((await send({ method: 'DELETE', path: `/me/breaks/${breakId}`, as: therapist.therapistId })).status).toBe(
      200,
    );
    const afterDelete = await fetchFeed(url, { 'if-modified-since': since });
    expect(afterDelete.status).toBe(200);
    expect(new Date(afterDelete.headers['last-modified']!).toISOString()).toBe('2026-03-16T08:10:00.000Z');
    expect(eventsIn(afterDelete.text).some((e) => e.allDay)).toBe(false);
  }, 60_000);

  it('reaches back 30 days, and keeps a break that began earlier but has not ended', async () => {
    const therapist = await aTherapistWithHours();
    const bookingId = await book(
      await anInvitationFrom(therapist, aClient({ name: 'Alex Morgan' })),
      '2026-03-17T10:00:00Z',
    );
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/breaks',
          as: therapist.therapistId,
          json: { start: '2026-04-01', end: '2026-05-29' },
        })
      ).status,
    ).toBe(201);
    const url = await feedUrlOf(therapist.therapistId);
    clock.set(new Date(Date.parse('2026-03-17T10:00:00Z') + 29 * DAY));
    expect(eventsIn((await fetchFeed(url)).text).map((e) => e.uid)).toContain(`${bookingId}@threshold`);
    clock.set(new Date(Date.parse('2026-03-17T11:00:00Z') + 31 * DAY));
    const later = eventsIn((await fetchFeed(url)).text);
    expect(later.map((e) => e.summary)).toEqual(['Break']);
    clock.set('2026-05-20T08:00:00Z');
    expect(eventsIn((await fetchFeed(url)).text).map((e) => e.summary)).toEqual(['Break']);
  });

  it('gets a new URL on rotation; the old one answers 404 at once', async () => {
    const { therapist } = await aBusyPractice();
    const old = await feedUrlOf(therapist.therapistId);
    const rotated = await send({ method: 'POST', path: '/me/calendar-feed/rotate', as: therapist.therapistId });
    expect(rotated.status).toBe(200);
    const fresh = rotated.json<{ url: string; shows: string }>();
    expect(fresh.url).not.toBe(old);
    expect(fresh.shows).toBe('initials');
    expect(await feedUrlOf(therapist.therapistId)).toBe(fresh.url);
    const dead = await fetchFeed(old);
    expect(dead.status).toBe(404);
    expect(dead.headers['content-type']).toBe('application/problem+json');
    expect((await fetchFeed(fresh.url)).status).toBe(200);
  });

  it('is one therapist’s alone, and a feed with no bookings is an empty calendar', async () => {
    const mine = await aTherapist();
    const other = await aTherapist();
    const [a, b] = [await feedUrlOf(mine.therapistId), await feedUrlOf(other.therapistId)];
    expect(a).not.toBe(b);
    const empty = await fetchFeed(a);
    expect(empty.status).toBe(200);
    expect(eventsIn(empty.text)).toEqual([]);
  });

  it("limits wrong guesses per address: past the limit that address's misses are refused, and a valid URL is still served", async () => {
    const therapist = await aTherapist();
    const url = await feedUrlOf(therapist.therapistId);
    const guesser = '198.51.100.77';
    for (let i = 0; i < feedGuessesPerHour; i++) {
      const guess = `${String(i).padStart(43, 'x')}.ics`;
      expect((await send({ method: 'GET', path: `/feeds/${guess}`, sourceIp: guesser })).status).toBe(404);
    }
    const refused = await send({ method: 'GET', path: `/feeds/${'y'.repeat(43)}.ics`, sourceIp: guesser });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A calendar service polling many feeds from one address: a stale URL's misses never stop a live one.
    const served = await fetchFeed(url, {}, guesser);
    expect(served.status).toBe(200);
    expect(eventsIn(served.text)).toEqual([]);
    expect((await fetchFeed(url, {}, '203.0.113.5')).status).toBe(200);
    // Serving it counted nothing and lifted nothing: the next miss from that address is still refused.
    expect((await send({ method: 'GET', path: `/feeds/${'z'.repeat(43)}.ics`, sourceIp: guesser })).status).toBe(429);
    // A rotated-away URL is a miss like any other.
    const rotated = await send({ method: 'POST', path: '/me/calendar-feed/rotate', as: therapist.therapistId });
    expect(rotated.status).toBe(200);
    expect((await fetchFeed(url, {}, guesser)).status).toBe(429);
    expect((await fetchFeed(url, {}, '203.0.113.5')).status).toBe(404);
    expect((await fetchFeed(rotated.json<{ url: string }>().url, {}, guesser)).status).toBe(200);
    // The next hour starts afresh.
    clock.advance(60 * MINUTE);
    expect((await send({ method: 'GET', path: `/feeds/${'z'.repeat(43)}.ics`, sourceIp: guesser })).status).toBe(404);
  });

  it('answers 404 to anything that is not a feed file', async () => {
    for (const path of [
      '/feeds/abc.ics',
      `/feeds/${'a'.repeat(43)}.txt`,
      `/feeds/${'a'.repeat(43)}`,
      `/feeds/${'a'.repeat(42)}!.ics`,
    ]) {
      expect((await send({ method: 'GET', path })).status).toBe(404);
    }
  });
});
