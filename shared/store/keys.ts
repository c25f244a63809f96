/**
 * Key builders: the only place key strings are spelled. Everything a therapist owns sits in the
 * therapist's partition, so a foreign id is simply not found. See docs/data-model.md.
 */
type Key = { pk: string; sk: string };

const therapistPk = (therapistId: string): string => `THERAPIST#${therapistId}`;

export const keys = {
  therapistPk,
  therapist: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'PROFILE' }),
  enquiry: (therapistId: string, enquiryId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `ENQUIRY#${enquiryId}`,
  }),
  enquiryPrefix: 'ENQUIRY#',
  /** One open enquiry per person per therapist per day: keyed by the keyed hash of the normalised email. */
  enquiryByEmail: (therapistId: string, emailHash: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `ENQUIRY_EMAIL#${emailHash}`,
  }),
  timer: (therapistId: string, timerId: string): Key => ({ pk: therapistPk(therapistId), sk: `TIMER#${timerId}` }),
  token: (tokenHash: string): Key => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
  outbox: (messageId: string): Key => ({ pk: `OUTBOX#${messageId}`, sk: 'OUTBOX' }),
  /** An email the mailer could not send, for the therapist to see (store/undelivered.ts). */
  undelivered: (therapistId: string, outboxId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `UNDELIVERED#${outboxId}`,
  }),
  undeliveredPrefix: 'UNDELIVERED#',
  rate: (scope: string, subjectHash: string, window: string): Key => ({
    pk: `RATE#${scope}#${subjectHash}`,
    sk: window,
  }),
  idempotency: (scopeHash: string): Key => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: 'IDEMPOTENCY' }),
  /** Read by the readiness probe and never written: it only shows that the table answers. */
  readiness: { pk: 'READINESS', sk: 'READINESS' } as Key,
  suppression: (emailHash: string): Key => ({ pk: `SUPPRESSION#${emailHash}`, sk: 'SUPPRESSION' }),
  /** After a therapist erased a person: holds that therapist's emails to them still in flight (see suppressions.ts). */
  erasureHold: (emailHash: string, therapistId: string): Key => ({
    pk: `SUPPRESSION#${emailHash}`,
    sk: `ERASED#${therapistId}`,
  }),
  erasureHoldPrefix: 'ERASED#',

  /** Scheduling items share the SCHED# prefix so one Query loads settings, hours, overrides and breaks. */
  schedulePrefix: 'SCHED#',
  practiceSettings: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'SCHED#SETTINGS' }),
  weeklyHours: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'SCHED#HOURS' }),
  dateOverride: (therapistId: string, date: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `SCHED#OVERRIDE#${date}`,
  }),
  therapistBreak: (therapistId: string, breakId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `SCHED#BREAK#${breakId}`,
  }),
  /**
   * A calendar whose busy times block slots: its address, its sync state and the busy intervals of its
   * last good read. SCHED#, so the one schedule Query that offers slots reads them too.
   */
  busyCalendar: (therapistId: string, calendarId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `SCHED#BUSY#${calendarId}`,
  }),
  busyCalendarPrefix: 'SCHED#BUSY#',
  /** A version per therapist that makes replacing the list of busy calendars race-safe. Not SCHED#. */
  busyCalendarLedger: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'BUSY_CALENDARS' }),
  /** A version per therapist that makes the overlap check of a new break race-safe. Not SCHED#: loadSchedule never reads it. */
  breakLedger: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'BREAK_LEDGER' }),
  /** Who was told of a deleted break, kept until the correction has gone out. */
  withdrawnBreak: (therapistId: string, breakId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `BREAK_WITHDRAWN#${breakId}`,
  }),

  invitation: (therapistId: string, invitationId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `INVITATION#${invitationId}`,
  }),
  booking: (therapistId: string, bookingId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `BOOKING#${bookingId}`,
  }),
  /** One lock item per 15-minute UTC cell an appointment (with its buffers) covers: the double-booking guard. */
  lock: (therapistId: string, cellStartMs: number): Key => ({
    pk: therapistPk(therapistId),
    sk: `LOCK#${new Date(cellStartMs).toISOString()}`,
  }),
  /** A standing time (a client's regular weekly or fortnightly session); its dates are ordinary bookings. */
  standingTime: (therapistId: string, standingTimeId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `STANDING#${standingTimeId}`,
  }),
  standingTimePrefix: 'STANDING#',
  /** A version per client that makes the overlap check of a new standing time race-safe. `STANDING_CLIENT#` does not match `STANDING#`. */
  standingLedger: (therapistId: string, clientId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `STANDING_CLIENT#${clientId}`,
  }),
  client: (therapistId: string, clientId: string): Key => ({ pk: therapistPk(therapistId), sk: `CLIENT#${clientId}` }),
  clientByEmail: (therapistId: string, emailHash: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `CLIENT_EMAIL#${emailHash}`,
  }),
  /** The therapist's calendar feed: which generation of the private URL is live, and what it shows of clients. */
  calendarFeed: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'CALENDAR_FEED' }),
  /** The feed URL's token, looked up by its hash (never stored in the clear); a key space of its own, so it is no link token. */
  calendarFeedToken: (tokenHash: string): Key => ({ pk: `FEED#${tokenHash}`, sk: 'FEED' }),
  /** Moves Last-Modified of the feed on when something leaves it without a trace (a deleted break, an erased booking). */
  calendarChange: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'CALENDAR_CHANGE' }),
  /** A recognised client asking to come back after a break (ids are ULIDs: newest last). */
  returnRequest: (therapistId: string, returnId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `RETURN#${returnId}`,
  }),
  returnRequestPrefix: 'RETURN#',

  /**
   * A console session, by the SHA-256 of its random id (the id itself is only in the browser's cookie).
   * In the therapist's partition, so signing out everywhere is one Query on the prefix.
   */
  consoleSession: (therapistId: string, sessionHash: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `SESSION#${sessionHash}`,
  }),
  consoleSessionPrefix: 'SESSION#',

  /** Whether first contact is taken, waited for, or kindly turned away (GET/PUT /me/new-clients). */
  newClients: (therapistId: string): Key => ({ pk: therapistPk(therapistId), sk: 'NEW_CLIENTS' }),
  /**
   * A waiting-list entry. Entry ids are ULIDs of the moment the person joined, so one Query on the
   * prefix reads the list in the order people joined (docs/data-model.md).
   */
  waitingEntry: (therapistId: string, entryId: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `WAITING#${entryId}`,
  }),
  waitingPrefix: 'WAITING#',
  /** One open waiting-list entry per person per therapist. `WAITING_EMAIL#` does not match the `WAITING#` prefix. */
  waitingByEmail: (therapistId: string, emailHash: string): Key => ({
    pk: therapistPk(therapistId),
    sk: `WAITING_EMAIL#${emailHash}`,
  }),
} as const;

/**
 * The booking id of one date of a standing time: the series id and the date, so two writers holding
 * the same date of the same series write the same item, and `attribute_not_exists` lets one of them.
 */
export const standingBookingId = (standingTimeId: string, date: string): string =>
  `${standingTimeId}_${date.replaceAll('-', '')}`;

/** gsi2 (byTime) keys of a booking: a therapist's bookings by start time (the collection breaks join; see breakByTime). */
export const bookingByTime = (
  therapistId: string,
  startIso: string,
  bookingId: string,
): { gsi2pk: string; gsi2sk: string } => ({
  gsi2pk: `${therapistPk(therapistId)}#bookings`,
  gsi2sk: `${startIso}#${bookingId}`,
});

/**
 * gsi2 (byTime) keys of a break, in the same collection as the bookings, sorted at the end of its last
 * day ("T24:00" sorts after every instant of that date): the calendar feed's one Query from 30 days
 * back finds every booking since then and every break not over by then. Readers of the collection
 * that want bookings alone check `entity`.
 */
export const breakByTime = (
  therapistId: string,
  lastDay: string,
  breakId: string,
): { gsi2pk: string; gsi2sk: string } => ({
  gsi2pk: `${therapistPk(therapistId)}#bookings`,
  gsi2sk: `${lastDay}T24:00#${breakId}`,
});

/** gsi2 (byTime) keys of the calendar-change marker: in the bookings collection at the time of the change. */
export const calendarChangeByTime = (therapistId: string, changedAt: string): { gsi2pk: string; gsi2sk: string } => ({
  gsi2pk: `${therapistPk(therapistId)}#bookings`,
  gsi2sk: `${changedAt}#change`,
});

/** gsi2 (byTime) keys of an enquiry: a therapist's inbox, newest first. */
export const enquiryByTime = (
  therapistId: string,
  receivedAt: string,
  enquiryId: string,
): { gsi2pk: string; gsi2sk: string } => ({
  gsi2pk: `${therapistPk(therapistId)}#enquiries`,
  gsi2sk: `${receivedAt}#${enquiryId}`,
});

/** Outbox re-drive partition of the timer index: a shard only, since unfinished emails are few and short-lived. */
export const outboxDueBucket = (shard: number): string => `OUTBOX_DUE#${shard}`;
/**
 * gsi1 keys of a busy calendar: when it is next due to be read. Every calendar is always in the index
 * (it is read every 15 minutes for as long as it exists), so there is no day bucket, only a shard.
 * The sweep never reads these partitions (it reads TIMERS#…); the calendar sync never reads timers.
 */
export const busyCalendarSync = (
  shard: number,
  dueAtIso: string,
  therapistId: string,
  calendarId: string,
): { gsi1pk: string; gsi1sk: string } => ({
  gsi1pk: busyCalendarSyncPartition(shard),
  gsi1sk: `${dueAtIso}#${therapistId}#${calendarId}`,
});
export const busyCalendarSyncPartition = (shard: number): string => `BUSYSYNC#${shard}`;

/** Timer index partition: a UTC day bucket and a shard, so one busy day cannot run hot. */
export const timerBucket = (dueAtMs: number, shard: number): string =>
  `TIMERS#${new Date(dueAtMs).toISOString().slice(0, 10)}#${shard}`;
