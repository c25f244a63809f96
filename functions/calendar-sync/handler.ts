/**
 * The calendar sync: reads therapists' busy calendars. Two triggers, one rule (timers as data: every
 * calendar's item carries when it is next due):
 * - an EventBridge schedule every 15 minutes reads every calendar that is due; "now" is the
 *   scheduled event's time;
 * - the table stream hands it each calendar just saved (an INSERT of a busy-calendar item), to read
 *   at once; "now" is when the item was written. Should that delivery fail, the item is due already,
 *   so the next scheduled run reads it.
 * Logs carry ids, counts and problem codes: never a calendar's address (a secret) or anything in it.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { fetchCalendar } from '#shared/calendars/calendar-fetch.js';
import { failuresMetric } from '#shared/failures-metric.js';
import { countFailures } from '#shared/metrics.js';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { getRuntime } from '#shared/runtime.js';
import { scheduledNow } from '../invocation.js';
import type { DueCalendar } from '#shared/store/busy-calendars.js';
import { BUSY_CALENDAR_ENTITY } from '#shared/store/index.js';
import {
  syncDueBusyCalendars,
  syncSavedBusyCalendars,
  type SyncSummary,
} from '#shared/use-cases/calendars/sync-busy-calendars.js';

export type CalendarSyncEvent = ScheduledEvent | DynamoDBStreamEvent;
export type CalendarSyncResult = Pick<SyncSummary, 'read' | 'failed' | 'skipped'>;

/** The stream mapping's filter, applied again here: a calendar item's INSERT. */
export const isSavedCalendar = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === BUSY_CALENDAR_ENTITY;

function savedCalendars(event: DynamoDBStreamEvent): { saved: DueCalendar[]; now: Date } {
  const records = event.Records.filter(isSavedCalendar);
  const saved = records.map((record) => {
    const image = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    return {
      therapistId: String(image.therapistId),
      calendarId: String(image.calendarId),
      syncKey: String(image.gsi1sk),
    };
  });
  const written = Math.max(0, ...records.map((r) => r.dynamodb?.ApproximateCreationDateTime ?? 0));
  return { saved, now: written > 0 ? new Date(written * 1000) : new Date() };
}

export const handler = middy<CalendarSyncEvent, CalendarSyncResult>()
  .use(lambdaContext(() => getRuntime().logger))
  .handler(async (event, context: Context) => {
    const runtime = getRuntime();
    const readCalendar = (url: string) =>
      fetchCalendar(url, { allowLoopback: runtime.config.calendarFetchAllowsLoopback });
    const options =
      typeof context?.getRemainingTimeInMillis === 'function'
        ? { timeLeft: () => context.getRemainingTimeInMillis() }
        : {};
    let summary: SyncSummary;
    let trigger: 'schedule' | 'saved';
    if ('Records' in event) {
      trigger = 'saved';
      const { saved, now } = savedCalendars(event);
      summary = await syncSavedBusyCalendars(runtime, saved, now, readCalendar, options);
    } else {
      trigger = 'schedule';
      summary = await syncDueBusyCalendars(runtime, scheduledNow(event), readCalendar, options);
    }
    const { read, failed, skipped } = summary;
    runtime.logger.info('calendar sync', { trigger, read, failed, skipped });
    // The repeated-failure alarm counts runs with failures and no calendar read: the way out, DNS or the table.
    if (failed > 0 && read === 0) countFailures(failuresMetric.calendarSyncRun);
    for (const o of summary.outcomes)
      if (o.outcome === 'failed')
        runtime.logger.warn('calendar sync failed', {
          therapistId: o.therapistId,
          calendarId: o.calendarId,
          code: o.code,
          httpStatus: o.httpStatus,
          failures: o.failures,
          errorName: o.error,
        });
    return { read, failed, skipped };
  });
