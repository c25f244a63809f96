/**
 * The therapist's private calendar feed: a subscription URL for Google, Apple or Outlook calendars that
 * shows their bookings from 30 days back (requests as tentative, confirmed ones as events, cancelled
 * ones gone) and their breaks as all-day busy days, with as little of each client as they choose.
 *
 * - GET /me/calendar-feed shows the URL (making it on first use), PUT chooses what it shows of clients,
 *   POST /me/calendar-feed/rotate makes a new URL and kills the old one at once.
 * - GET /feeds/{token}.ics is what calendar apps poll (serve-calendar-feed.ts): a live token is always
 *   served, and only misses are counted and limited per client address.
 * - Answers carry an ETag (of the bytes, which are deterministic) and Last-Modified (the latest change
 *   the feed can see), and a conditional request that matches gets 304.
 */
import { randomBytes } from 'node:crypto';
import { defaultFeedShows, type FeedShows } from '#shared/domain/calendar-feed.js';
import type { CalendarFeedRecord } from '#shared/store/calendar-feed.js';
import { calendarFeedToken, hashToken, isConditionFailure, loadEmailHashKey } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';

export interface CalendarFeedView {
  /** `{publicBaseUrl}/feeds/{token}.ics`: private; anyone with it sees the feed. */
  url: string;
  shows: FeedShows;
  createdAt: string;
  /** When the URL or what it shows last changed. */
  updatedAt: string;
}

const newGeneration = (): string => randomBytes(16).toString('base64url');

async function tokenOf(
  deps: UseCaseDeps,
  record: Pick<CalendarFeedRecord, 'therapistId' | 'generation'>,
): Promise<string> {
  const key = await loadEmailHashKey(deps.config);
  return calendarFeedToken(key, record.therapistId, record.generation);
}

async function viewOf(deps: UseCaseDeps, record: CalendarFeedRecord): Promise<CalendarFeedView> {
  const base = deps.config.settings.publicBaseUrl.replace(/\/+$/, '');
  return {
    url: `${base}/feeds/${await tokenOf(deps, record)}.ics`,
    shows: record.shows,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The therapist's feed record, made on first use (two first reads at once agree on the winner's). */
async function liveRecord(deps: UseCaseDeps, therapistId: string, now: Date): Promise<CalendarFeedRecord> {
  const existing = await deps.store.calendarFeed.get(therapistId);
  if (existing) return existing;
  const at = now.toISOString();
  const record: CalendarFeedRecord = {
    therapistId,
    generation: newGeneration(),
    shows: defaultFeedShows,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.store.transact(deps.store.calendarFeed.create(record, hashToken(await tokenOf(deps, record))));
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await deps.store.calendarFeed.get(therapistId);
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
  for (let attempt = 1; ; attempt++) {
    const current = await liveRecord(deps, therapistId, now);
    const next: CalendarFeedRecord = { ...current, generation: newGeneration(), updatedAt: now.toISOString() };
    try {
      const [oldToken, newToken] = await Promise.all([tokenOf(deps, current), tokenOf(deps, next)]);
      await deps.store.transact(
        deps.store.calendarFeed.rotate(current, next, hashToken(oldToken), hashToken(newToken)),
      );
      return viewOf(deps, next);
    } catch (error) {
      // Rotated or changed at the same moment elsewhere: read again and rotate from there.
      if (!isConditionFailure(error) || attempt >= maxAttempts) throw error;
    }
  }
}

export async function chooseCalendarFeedShows(
  deps: UseCaseDeps,
  therapistId: string,
  shows: FeedShows,
  now: Date,
): Promise<CalendarFeedView> {
  for (let attempt = 1; ; attempt++) {
    const current = await liveRecord(deps, therapistId, now);
    try {
      await deps.store.transact(
        deps.store.calendarFeed.shows(current, hashToken(await tokenOf(deps, current)), shows, now),
      );
      return viewOf(deps, { ...current, shows, updatedAt: now.toISOString() });
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= maxAttempts) throw error;
    }
  }
}
