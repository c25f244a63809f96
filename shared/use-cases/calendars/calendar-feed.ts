/**
 * The therapist's private calendar feed: a subscription URL for Google, Apple or Outlook calendars that
 * shows their bookings from 30 days back (requests as tentative, confirmed ones as events, cancelled
 * ones gone) and their breaks as all-day busy days, with as little of each client as they choose.
 *
 * - GET /me/calendar-feed shows the URL (making it on first use), PUT chooses what it shows of clients,
 *   POST /me/calendar-feed/rotate makes a new URL and kills the old one at once.
 * - GET /feeds/{token}.ics is what calendar apps poll. A live token is always served. Only misses are
 *   counted, per client address (keyed hash), and past the limit that address's misses are refused for
 *   the rest of the hour. Calendar services poll many therapists' feeds from shared addresses, and a
 *   stale subscription after a rotation is a miss at every poll: were a valid token limited too, one
 *   therapist's old URL could stop every other feed that service reads. With a 256-bit token the limit
 *   is a guard on cost and noise, not on odds.
 * - Answers carry an ETag (of the bytes, which are deterministic) and Last-Modified (the latest change
 *   the feed can see), and a conditional request that matches gets 304.
 */
import { createHash, randomBytes } from 'node:crypto';
import { feedCalendarText } from '../../calendars/feed-calendar.js';
import { defaultFeedShows, type FeedShows } from '../../domain/calendar-feed.js';
import { NotFound, RateLimited } from '../../domain/errors.js';
import { calendarFeedCreate, calendarFeedRotate, calendarFeedShows, getCalendarFeedRecord, loadCalendarFeed, lookupCalendarFeed, type CalendarFeedRecord } from '../../store/calendar-feed.js';
import { isConditionFailure } from '../../store/dynamo.js';
import { addressHash, calendarFeedToken, loadEmailHashKey } from '../../store/email-hash.js';
import { keys } from '../../store/keys.js';
import { hitRateLimit } from '../../store/rate-limits.js';
import { hashToken } from '../../store/tokens.js';
import type { UseCaseDeps } from '../deps.js';
import { writeTransaction } from '../../store/transaction.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How far back the feed goes: last month's appointments stay in the calendar for reference. */
export const feedPastDays = 30;
/** Wrong feed URLs an address may try in an hour before its misses are refused for the rest of it. */
export const feedGuessesPerHour = 60;
const guessScope = 'feed-guess';

export interface CalendarFeedView {
  /** `{publicBaseUrl}/feeds/{token}.ics`: private; anyone with it sees the feed. */
  url: string;
  shows: FeedShows;
  createdAt: string;
  /** When the URL or what it shows last changed. */
  updatedAt: string;
}

const newGeneration = (): string => randomBytes(16).toString('base64url');

async function tokenOf(deps: UseCaseDeps, record: Pick<CalendarFeedRecord, 'therapistId' | 'generation'>): Promise<string> {
  const key = await loadEmailHashKey(deps.config);
  return calendarFeedToken(key, record.therapistId, record.generation);
}

async function viewOf(deps: UseCaseDeps, record: CalendarFeedRecord): Promise<CalendarFeedView> {
  const base = deps.config.settings.publicBaseUrl.replace(/\/+$/, '');
  return { url: `${base}/feeds/${await tokenOf(deps, record)}.ics`, shows: record.shows, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** The therapist's feed record, made on first use (two first reads at once agree on the winner's). */
async function liveRecord(deps: UseCaseDeps, therapistId: string, now: Date): Promise<CalendarFeedRecord> {
  const { db, config } = deps;
  const existing = await getCalendarFeedRecord(db, config.tableName, therapistId);
  if (existing) return existing;
  const at = now.toISOString();
  const record: CalendarFeedRecord = { therapistId, generation: newGeneration(), shows: defaultFeedShows, createdAt: at, updatedAt: at };
  try {
    await writeTransaction(db, calendarFeedCreate(config.tableName, record, hashToken(await tokenOf(deps, record))));
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await getCalendarFeedRecord(db, config.tableName, therapistId);
    if (!winner) throw error;
    return winner;
  }
}

export async function readCalendarFeed(deps: UseCaseDeps, therapistId: string, now: Date): Promise<CalendarFeedView> {
  return viewOf(deps, await liveRecord(deps, therapistId, now));
}

const maxAttempts = 3;

/** A new URL; the old one answers 404 from the moment this returns. */
export async function rotateCalendarFeed(deps: UseCaseDeps, therapistId: string, now: Date): Promise<CalendarFeedView> {
  const { db, config } = deps;
  for (let attempt = 1; ; attempt++) {
    const current = await liveRecord(deps, therapistId, now);
    const next: CalendarFeedRecord = { ...current, generation: newGeneration(), updatedAt: now.toISOString() };
    try {
      const [oldToken, newToken] = await Promise.all([tokenOf(deps, current), tokenOf(deps, next)]);
      await writeTransaction(db, calendarFeedRotate(config.tableName, current, next, hashToken(oldToken), hashToken(newToken)));
      return viewOf(deps, next);
    } catch (error) {
      // Rotated or changed at the same moment elsewhere: read again and rotate from there.
      if (!isConditionFailure(error) || attempt >= maxAttempts) throw error;
    }
  }
}

export async function chooseCalendarFeedShows(deps: UseCaseDeps, therapistId: string, shows: FeedShows, now: Date): Promise<CalendarFeedView> {
  const { db, config } = deps;
  for (let attempt = 1; ; attempt++) {
    const current = await liveRecord(deps, therapistId, now);
    try {
      await writeTransaction(db, calendarFeedShows(config.tableName, current, hashToken(await tokenOf(deps, current)), shows, now));
      return viewOf(deps, { ...current, shows, updatedAt: now.toISOString() });
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= maxAttempts) throw error;
    }
  }
}

export interface FeedRequest {
  token: string;
  sourceIp: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  now: Date;
}

export type ServedFeed = { status: 200; text: string; etag: string; lastModified: string } | { status: 304; etag: string; lastModified: string };

/** RFC 9110 13.1.2: a weak comparison against each entity tag listed, or any tag for "*". */
function matchesAny(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export async function serveCalendarFeed(deps: UseCaseDeps, request: FeedRequest): Promise<ServedFeed> {
  const { db, config } = deps;
  const { now } = request;
  const key = await loadEmailHashKey(config);
  const subjectHash = addressHash(key, request.sourceIp);
  const windowStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const counter = keys.rate(guessScope, subjectHash, new Date(windowStart).toISOString());
  // The token first: the miss counter only ever decides what a miss gets.
  const { feed, guesses } = await lookupCalendarFeed(db, config.tableName, hashToken(request.token), counter);
  if (!feed) {
    // Already past the limit: refused without another write.
    if (guesses >= feedGuessesPerHour) throw new RateLimited(Math.max(1, Math.ceil((windowStart + HOUR_MS - now.getTime()) / 1000)));
    const decision = await hitRateLimit(db, config.tableName, { scope: guessScope, subjectHash, limit: feedGuessesPerHour, windowMs: HOUR_MS }, now);
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
    throw new NotFound('calendar feed');
  }

  const contents = await loadCalendarFeed(db, config.tableName, feed.therapistId, new Date(now.getTime() - feedPastDays * DAY_MS), now);
  const text = feedCalendarText(contents.entries, feed.shows);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  // HTTP dates have whole seconds.
  const changedSeconds = Math.floor(Math.max(contents.lastChanged, Date.parse(feed.updatedAt)) / 1000);
  const lastModified = new Date(changedSeconds * 1000).toUTCString();

  // If-None-Match decides when present (RFC 9110 13.2.2); If-Modified-Since only without it.
  const since = request.ifModifiedSince ? Date.parse(request.ifModifiedSince) : Number.NaN;
  const unchanged = request.ifNoneMatch !== undefined ? matchesAny(request.ifNoneMatch, etag) : Number.isFinite(since) && changedSeconds * 1000 <= since;
  return unchanged ? { status: 304, etag, lastModified } : { status: 200, text, etag, lastModified };
}
