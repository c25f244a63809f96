/** The calendars capability's feed operations: the therapist's URL and choices, and the feed calendar apps poll. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import {
  chooseCalendarFeedShows,
  readCalendarFeed,
  rotateCalendarFeed,
} from '#shared/use-cases/calendars/calendar-feed.js';
import { serveCalendarFeed } from '#shared/use-cases/calendars/serve-calendar-feed.js';
import { calendarFeedBody, calendarFeedResponse, feedParams } from './feed-schemas.js';

export const feedOperations: OperationTable = {
  getCalendarFeed: operation({
    response: calendarFeedResponse,
    run: async ({ therapistId, now }, runtime) => ({
      status: 200,
      json: await readCalendarFeed(runtime, therapistId!, now),
    }),
  }),

  putCalendarFeed: operation({
    body: calendarFeedBody,
    response: calendarFeedResponse,
    run: async ({ body, therapistId, now }, runtime) => ({
      status: 200,
      json: await chooseCalendarFeedShows(runtime, therapistId!, body.shows, now),
    }),
  }),

  rotateCalendarFeed: operation({
    response: calendarFeedResponse,
    run: async ({ therapistId, now }, runtime) => {
      const feed = await rotateCalendarFeed(runtime, therapistId!, now);
      runtime.logger.info('calendar feed rotated');
      return { status: 200, json: feed };
    },
  }),

  calendarFeed: operation({
    params: feedParams,
    responds: 'calendar',
    run: async ({ params, headers, sourceIp, now }, runtime) => {
      const served = await serveCalendarFeed(runtime, {
        token: params.feedFile.slice(0, -'.ics'.length),
        sourceIp,
        ...(headers['if-none-match'] !== undefined ? { ifNoneMatch: headers['if-none-match'] } : {}),
        ...(headers['if-modified-since'] !== undefined ? { ifModifiedSince: headers['if-modified-since'] } : {}),
        now,
      });
      const validators = {
        etag: served.etag,
        'last-modified': served.lastModified,
        // Revalidated on every poll (cheap with the validators); never kept by a shared cache: the URL is a secret.
        'cache-control': 'private, no-cache',
      };
      if (served.status === 304) return { status: 304, headers: validators };
      return {
        status: 200,
        text: { contentType: 'text/calendar; charset=utf-8', body: served.text },
        headers: { ...validators, 'content-disposition': 'inline; filename="appointments.ics"' },
      };
    },
  }),
};
