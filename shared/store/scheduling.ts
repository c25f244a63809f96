/**
 * A therapist's scheduling items: practice settings, weekly hours, date overrides, breaks and busy
 * calendars. They share the SCHED# sort-key prefix in the therapist's partition, so `loadSchedule`
 * reads all of them with one Query; busy time of bookings comes from the bookings' gsi2 (by start
 * time) in one more Query.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { activeBookingStatuses, type Booking } from '../domain/booking.js';
import { defaultPracticeSettings, type PracticeSettings } from '../domain/practice-settings.js';
import type { Break, BusyInterval, DateOverride, LocalInterval, Weekday, WeeklyHours } from '../domain/slots/types.js';
import { busyCalendarFromItem, type StoredBusyCalendar } from './busy-calendars.js';
import { isConditionFailure, isLive, ttlFrom, type TableAccess } from './dynamo.js';
import { bookingByTime, keys } from './keys.js';
import { table } from './table.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An override is kept a week past its date (so "what did I set last Monday" still answers), then expires. */
const overrideKeptMs = 7 * DAY_MS;
/** How far a booking's occupied range can reach from its start (appointments plus buffers are far shorter). */
const reachMs = DAY_MS;

interface SettingsItem {
  pk: string;
  sk: string;
  entity: 'practice-settings';
  therapistId: string;
  settings: PracticeSettings;
  updatedAt: string;
}

interface HoursItem {
  pk: string;
  sk: string;
  entity: 'weekly-hours';
  therapistId: string;
  timeZone: string;
  weekly: Partial<Record<Weekday, LocalInterval[]>>;
  updatedAt: string;
}

interface OverrideItem {
  pk: string;
  sk: string;
  entity: 'date-override';
  therapistId: string;
  date: string;
  intervals: LocalInterval[];
  updatedAt: string;
  ttl: number;
}

/** Written by the breaks feature (POST /me/breaks); only read here. Dates inclusive, therapist's zone. */
export interface TherapistBreak extends Break {
  breakId: string;
  message?: string;
}

export interface StoredWeeklyHours extends WeeklyHours {
  updatedAt: string;
}

export interface StoredSchedule {
  /** The therapist's settings, or the defaults when never set. */
  settings: PracticeSettings;
  settingsSaved: boolean;
  /** Undefined until the therapist sets hours: no hours, no slots. */
  hours?: StoredWeeklyHours;
  overrides: DateOverride[];
  breaks: TherapistBreak[];
  /** The therapist's own calendars, each with the busy times of its last good read (store/busy-calendars.ts). */
  busyCalendars: StoredBusyCalendar[];
}

/**
 * Stored settings over the defaults: a setting added after a therapist last saved takes its default
 * (every stored value was validated by practiceSettingsSchema on the way in).
 */
const withDefaults = (stored: Partial<PracticeSettings> | undefined): PracticeSettings => ({
  ...defaultPracticeSettings,
  ...stored,
});

const overrideTtl = (date: string): number => ttlFrom(Date.parse(`${date}T00:00:00Z`) + DAY_MS + overrideKeptMs);

export async function getPracticeSettings(
  deps: TableAccess,
  therapistId: string,
): Promise<{ settings: PracticeSettings; saved: boolean }> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.config.tableName, Key: keys.practiceSettings(therapistId), ConsistentRead: true }),
  );
  const item = Item as SettingsItem | undefined;
  return { settings: withDefaults(item?.settings), saved: item !== undefined };
}

export async function savePracticeSettings(
  deps: TableAccess,
  therapistId: string,
  settings: PracticeSettings,
  now: Date,
): Promise<void> {
  const item: SettingsItem = {
    ...keys.practiceSettings(therapistId),
    entity: 'practice-settings',
    therapistId,
    settings,
    updatedAt: now.toISOString(),
  };
  await deps.db.send(new PutCommand({ TableName: deps.config.tableName, Item: item }));
}

export async function getWeeklyHours(deps: TableAccess, therapistId: string): Promise<StoredWeeklyHours | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.config.tableName, Key: keys.weeklyHours(therapistId), ConsistentRead: true }),
  );
  const item = Item as HoursItem | undefined;
  return item ? { timeZone: item.timeZone, weekly: item.weekly, updatedAt: item.updatedAt } : undefined;
}

export async function saveWeeklyHours(
  deps: TableAccess,
  therapistId: string,
  hours: WeeklyHours,
  now: Date,
): Promise<StoredWeeklyHours> {
  const item: HoursItem = {
    ...keys.weeklyHours(therapistId),
    entity: 'weekly-hours',
    therapistId,
    timeZone: hours.timeZone,
    weekly: hours.weekly,
    updatedAt: now.toISOString(),
  };
  await deps.db.send(new PutCommand({ TableName: deps.config.tableName, Item: item }));
  return { timeZone: item.timeZone, weekly: item.weekly, updatedAt: item.updatedAt };
}

/** Creates or replaces the override of one date. */
export async function saveDateOverride(
  deps: TableAccess,
  therapistId: string,
  override: DateOverride,
  now: Date,
): Promise<void> {
  const item: OverrideItem = {
    ...keys.dateOverride(therapistId, override.date),
    entity: 'date-override',
    therapistId,
    date: override.date,
    intervals: override.intervals,
    updatedAt: now.toISOString(),
    ttl: overrideTtl(override.date),
  };
  await deps.db.send(new PutCommand({ TableName: deps.config.tableName, Item: item }));
}

/** False when there was no override for that date. */
export async function deleteDateOverride(
  deps: TableAccess,
  therapistId: string,
  date: string,
  now: Date,
): Promise<boolean> {
  try {
    await deps.db.send(
      new DeleteCommand({
        TableName: deps.config.tableName,
        Key: keys.dateOverride(therapistId, date),
        // An override past its TTL is absent to readers, so it is absent to delete too.
        ConditionExpression: 'attribute_exists(pk) AND #ttl > :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': ttlFrom(now.getTime()) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Settings, hours, overrides, breaks and busy calendars of one therapist in one Query (begins_with SCHED#). */
export async function loadSchedule(
  deps: TableAccess,
  therapistId: string,
  now: Date = new Date(0),
): Promise<StoredSchedule> {
  const schedule: StoredSchedule = {
    settings: defaultPracticeSettings,
    settingsSaved: false,
    overrides: [],
    breaks: [],
    busyCalendars: [],
  };
  const nowMs = now.getTime();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.schedulePrefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const sk = String(raw.sk);
      if (!isLive(raw as { ttl?: number }, nowMs)) continue;
      if (sk === keys.practiceSettings(therapistId).sk) {
        schedule.settings = withDefaults((raw as SettingsItem).settings);
        schedule.settingsSaved = true;
      } else if (sk === keys.weeklyHours(therapistId).sk) {
        const h = raw as HoursItem;
        schedule.hours = { timeZone: h.timeZone, weekly: h.weekly, updatedAt: h.updatedAt };
      } else if (sk.startsWith(keys.dateOverride(therapistId, '').sk)) {
        const o = raw as OverrideItem;
        schedule.overrides.push({ date: o.date, intervals: o.intervals });
      } else if (sk.startsWith(keys.therapistBreak(therapistId, '').sk)) {
        const b = raw as TherapistBreak;
        schedule.breaks.push({
          breakId: b.breakId,
          start: b.start,
          end: b.end,
          ...(b.message ? { message: b.message } : {}),
        });
      } else if (sk.startsWith(keys.busyCalendarPrefix)) {
        schedule.busyCalendars.push(busyCalendarFromItem(raw));
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  schedule.busyCalendars.sort((a, b) => a.position - b.position);
  return schedule;
}

type BusyRow = Pick<Booking, 'bookingId' | 'occupiedStart' | 'occupiedEnd'>;

/**
 * The occupied ranges (cell-aligned, buffers included: exactly what the booking's lock items cover)
 * of the therapist's active bookings that overlap [from, to). One Query on gsi2 by start time, a day
 * wider on each side so a booking starting just outside the window whose buffers reach into it is
 * seen. gsi2 is eventually consistent: a booking a moment old may be missing here, which is why a read
 * of availability is never the guard (the lock items are).
 */
/** `excludeBookingId`: a booking being moved does not stand in its own way. */
export async function loadBusy(
  deps: TableAccess,
  therapistId: string,
  window: { from: number; to: number; excludeBookingId?: string },
): Promise<BusyInterval[]> {
  const { gsi2pk } = bookingByTime(therapistId, '', '');
  const statusValues = Object.fromEntries(activeBookingStatuses.map((s, i) => [`:s${i}`, s]));
  const busy: BusyInterval[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.config.tableName,
        IndexName: table.indexes.byTime.name,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lo AND :hi',
        FilterExpression: `#status IN (${Object.keys(statusValues).join(', ')}) AND occupiedEnd > :from AND occupiedStart < :to`,
        ProjectionExpression: 'bookingId, occupiedStart, occupiedEnd',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': gsi2pk,
          ':lo': new Date(window.from - reachMs).toISOString(),
          ':hi': new Date(window.to + reachMs).toISOString(),
          ':from': window.from,
          ':to': window.to,
          ...statusValues,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const row of (page.Items ?? []) as BusyRow[])
      if (row.bookingId !== window.excludeBookingId) busy.push({ start: row.occupiedStart, end: row.occupiedEnd });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return busy.sort((a, b) => a.start - b.start);
}
