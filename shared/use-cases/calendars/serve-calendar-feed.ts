/**
 * GET /feeds/{token}.ics: the feed calendar apps poll. Apart from the therapist's own feed pages
 * (calendar-feed.ts) because it alone writes calendar files, so ical.js stays out of the functions
 * that only show or change the feed's address.
 *
 * A live token is always served. Only misses are counted, per client address (keyed hash), and past
 * the limit that address's misses are refused for the rest of the hour. Calendar services poll many
 * therapists' feeds from shared addresses, and a stale subscription after a rotation is a miss at
 * every poll: were a valid token limited too, one therapist's old URL could stop every other feed that
 * service reads. With a 256-bit token the limit is a guard on cost and noise, not on odds.
 */
import { createHash } from 'node:crypto';
import { feedCalendarText } from '#shared/calendars/feed-calendar.js';
import { NotFound, RateLimited } from '#shared/domain/errors.js';
import { addressHash, hashToken, keys, loadEmailHashKey } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How far back the feed goes: last month's appointments stay in the calendar for reference. */
export const feedPastDays = 30;
/** Wrong feed URLs an address may try in an hour before its misses are refused for the rest of it. */
export const feedGuessesPerHour = 60;
const guessScope = 'feed-guess';

export interface FeedRequest {
  token: string;
  sourceIp: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  now: Date;
}

export type ServedFeed =
  | { status: 200; text: string; etag: string; lastModified: string }
  | { status: 304; etag: string; lastModified: string };

/** RFC 9110 13.1.2: a weak comparison against each entity tag listed, or any tag for "*". */
function matchesAny(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export async function serveCalendarFeed(deps: UseCaseDeps, request: FeedRequest): Promise<ServedFeed> {
  const { config } = deps;
  const { now } = request;
  const key = await loadEmailHashKey(config);
  const subjectHash = addressHash(key, request.sourceIp);
  const windowStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const counter = keys.rate(guessScope, subjectHash, new Date(windowStart).toISOString());
  // The token first: the miss counter only ever decides what a miss gets.
  const { feed, guesses } = await deps.store.calendarFeed.lookup(hashToken(request.token), counter);
  if (!feed) {
    // Already past the limit: refused without another write.
    if (guesses >= feedGuessesPerHour)
      throw new RateLimited(Math.max(1, Math.ceil((windowStart + HOUR_MS - now.getTime()) / 1000)));
    const decision = await deps.store.rateLimits.hit(
      { scope: guessScope, subjectHash, limit: feedGuessesPerHour, windowMs: HOUR_MS },
      now,
    );
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
    throw new NotFound('calendar feed');
  }

  const contents = await deps.store.calendarFeed.load(
    feed.therapistId,
    new Date(now.getTime() - feedPastDays * DAY_MS),
    now,
  );
  const text = feedCalendarText(contents.entries, feed.shows);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  // HTTP dates have whole seconds.
  const changedSeconds = Math.floor(Math.max(contents.lastChanged, Date.parse(feed.updatedAt)) / 1000);
  const lastModified = new Date(changedSeconds * 1000).toUTCString();

  // If-None-Match decides when present (RFC 9110 13.2.2); If-Modified-Since only without it.
  const since = request.ifModifiedSince ? Date.parse(request.ifModifiedSince) : Number.NaN;
  const unchanged =
    request.ifNoneMatch !== undefined
      ? matchesAny(request.ifNoneMatch, etag)
      : Number.isFinite(since) && changedSeconds * 1000 <= since;
  return unchanged ? { status: 304, etag, lastModified } : { status: 200, text, etag, lastModified };
}
