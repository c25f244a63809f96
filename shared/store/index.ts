/**
 * The store handle: every read and write of the table, opened once per cold start
 * (shared/runtime.ts) and handed to the use cases as `deps.store`. Reads are bound to the client and
 * the table (`store.bookings.get(therapistId, bookingId, now)`); writes that go into a transaction
 * are bound to the table's name and return its items (`store.bookings.create(booking)`), which
 * `store.transact(items)` writes as one. Use cases and functions import this module for values and
 * the store's other modules for types only (.dependency-cruiser.cjs `store-through-the-handle`).
 */
import type { DynamoDBDocumentClient, NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from './dynamo.js';
import { eraseWrites, readPartition } from './erasure.js';
import { IdempotencyStore } from './idempotency.js';
import type { TransactItem } from './outbox.js';
import { writeTransaction } from './transaction.js';
import { bookingCreate, bookingReplace, bookingUnchanged, getBooking, listBookings } from './bookings.js';
import {
  breakClientsAdded,
  breakCreate,
  breakDelete,
  breakReminderAdded,
  breakStepDone,
  getBreak,
  getLedgerVersion,
  getWithdrawn,
  listBreaks,
  withdrawnCorrected,
  withdrawnPut,
} from './breaks.js';
import {
  busyCalendarChanges,
  claimBusyCalendar,
  dueBusyCalendars,
  getBusyCalendarLedger,
  listBusyCalendars,
  recordBusyCalendarSync,
  releaseBusyCalendar,
} from './busy-calendars.js';
import {
  calendarChangePut,
  calendarFeedCreate,
  calendarFeedRotate,
  calendarFeedShows,
  getCalendarFeedRecord,
  loadCalendarFeed,
  lookupCalendarFeed,
  markCalendarChanged,
} from './calendar-feed.js';
import {
  deleteAllConsoleSessions,
  deleteConsoleSession,
  getConsoleSession,
  putConsoleSession,
} from './console-sessions.js';
import {
  clientActivate,
  clientChange,
  clientCloseReturn,
  clientCreate,
  clientOpenReturn,
  clientResume,
  findClientByEmailHash,
  findClientIdByEmail,
  getClient,
  listClients,
} from './clients.js';
import {
  enquiryClose,
  enquiryCreate,
  enquiryNudged,
  findRecentEnquiryId,
  getEnquiry,
  listEnquiries,
} from './enquiries.js';
import {
  getInvitation,
  invitationBook,
  invitationCreate,
  invitationHold,
  invitationRelease,
  invitationReopen,
  invitationWithdraw,
  listOpenInvitations,
} from './invitations.js';
import { lockFree, lockTake, locksFree, locksTake } from './locks.js';
import { getNewClientPolicy, loadFirstContact, putNewClientPolicy } from './new-clients.js';
import { dueOutbox, outboxItemPut } from './outbox.js';
import { hitRateLimit } from './rate-limits.js';
import { tableReadiness } from './readiness.js';
import {
  getReturnRequest,
  listReturnRequests,
  returnRequestAnswer,
  returnRequestCreate,
  returnRequestPending,
} from './return-requests.js';
import {
  deleteDateOverride,
  getPracticeSettings,
  getWeeklyHours,
  loadBusy,
  loadSchedule,
  saveDateOverride,
  savePracticeSettings,
  saveWeeklyHours,
} from './scheduling.js';
import { createTherapist, getTherapist, putTherapist, setPublicSettings, setTakingMessages } from './therapists.js';
import {
  getStandingLedgerVersion,
  getStandingTime,
  listStandingTimes,
  standingLedgerBump,
  standingTimeCreate,
  standingTimeReplace,
} from './standing-times.js';
import { dueInPartition, dueTimers, timerDelete, timerFire, timerPut } from './timers.js';
import { consumeToken, issueToken, readToken } from './tokens.js';
import { OutboxLeases } from './outbox-leases.js';
import { isSuppressed, recordSuppression } from './suppressions.js';
import { listUndelivered, recordBounced, recordUndelivered, undeliveredOf } from './undelivered.js';
import {
  countAhead,
  findWaitingGuard,
  getWaitingEntry,
  listWaitingEntries,
  waitingEntryCreate,
  waitingEntryWrite,
} from './waiting-list.js';

// What callers of the store use besides the handle: key shapes, hashes, limits and error tests. Pure,
// so importing them never reaches the table.
export {
  createDocumentClient,
  failedConditionIndex,
  isConditionFailure,
  isLive,
  isLostRace,
  ttlFrom,
} from './dynamo.js';
export { addressHash, calendarFeedToken, emailHash, loadEmailHashKey, normaliseEmail } from './email-hash.js';
export { footprintOf, idOf } from './erasure.js';
export { BOUNCED_REASON } from './undelivered.js';
export {
  ERASURE_HOLD_ENTITY,
  erasureHoldItem,
  erasureHoldMs,
  SUPPRESSION_ENTITY,
  suppressionDays,
  suppressionItem,
} from './suppressions.js';
export { IdempotencyStore } from './idempotency.js';
export { keys, standingBookingId } from './keys.js';
export { isLockTake } from './locks.js';
export { maxRedrives, OUTBOX_ENTITY, outboxDue, outboxRetentionMs } from './outbox.js';
export { nextRedriveAt, redriveOffsetMs } from './redrive-schedule.js';
export { BUSY_CALENDAR_ENTITY, maxBusyCalendars } from './busy-calendars.js';
export { clientGuardIndexInCreate } from './clients.js';
export { guardIndexInCreate } from './enquiries.js';
export { crisisSupportOf, takesMessages } from './therapists.js';
export { timerId } from './timers.js';
export { hashToken } from './tokens.js';
export { maxTransactItems } from './transaction.js';
export { guardIndexInJoin } from './waiting-list.js';

export interface StoreOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
}

/** Binds every store function once: a call through the handle allocates nothing more than the call itself. */
export function openStore({ db, tableName }: StoreOptions) {
  const access: TableAccess = { db, config: { tableName } };
  return {
    bookings: {
      get: getBooking.bind(undefined, db, tableName),
      list: listBookings.bind(undefined, db, tableName),
      create: bookingCreate.bind(undefined, tableName),
      replace: bookingReplace.bind(undefined, tableName),
      unchanged: bookingUnchanged.bind(undefined, tableName),
    },
    breaks: {
      list: listBreaks.bind(undefined, db, tableName),
      get: getBreak.bind(undefined, db, tableName),
      ledgerVersion: getLedgerVersion.bind(undefined, db, tableName),
      create: breakCreate.bind(undefined, tableName),
      delete: breakDelete.bind(undefined, tableName),
      clientsAdded: breakClientsAdded.bind(undefined, tableName),
      reminderAdded: breakReminderAdded.bind(undefined, tableName),
      stepDone: breakStepDone.bind(undefined, tableName),
      putWithdrawn: withdrawnPut.bind(undefined, tableName),
      withdrawnCorrected: withdrawnCorrected.bind(undefined, tableName),
      getWithdrawn: getWithdrawn.bind(undefined, db, tableName),
    },
    busyCalendars: {
      list: listBusyCalendars.bind(undefined, db, tableName),
      ledger: getBusyCalendarLedger.bind(undefined, db, tableName),
      changes: busyCalendarChanges.bind(undefined, tableName),
      due: dueBusyCalendars.bind(undefined, db, tableName),
      claim: claimBusyCalendar.bind(undefined, db, tableName),
      recordSync: recordBusyCalendarSync.bind(undefined, db, tableName),
      release: releaseBusyCalendar.bind(undefined, db, tableName),
    },
    calendarFeed: {
      get: getCalendarFeedRecord.bind(undefined, db, tableName),
      create: calendarFeedCreate.bind(undefined, tableName),
      rotate: calendarFeedRotate.bind(undefined, tableName),
      shows: calendarFeedShows.bind(undefined, tableName),
      lookup: lookupCalendarFeed.bind(undefined, db, tableName),
      changed: calendarChangePut.bind(undefined, tableName),
      markChanged: markCalendarChanged.bind(undefined, db, tableName),
      load: loadCalendarFeed.bind(undefined, db, tableName),
    },
    clients: {
      create: clientCreate.bind(undefined, tableName),
      activate: clientActivate.bind(undefined, tableName),
      change: clientChange.bind(undefined, tableName),
      resume: clientResume.bind(undefined, tableName),
      openReturn: clientOpenReturn.bind(undefined, tableName),
      closeReturn: clientCloseReturn.bind(undefined, tableName),
      findIdByEmail: findClientIdByEmail.bind(undefined, db, tableName),
      get: getClient.bind(undefined, db, tableName),
      findByEmailHash: findClientByEmailHash.bind(undefined, db, tableName),
      list: listClients.bind(undefined, db, tableName),
    },
    enquiries: {
      create: enquiryCreate.bind(undefined, tableName),
      findRecent: findRecentEnquiryId.bind(undefined, db, tableName),
      get: getEnquiry.bind(undefined, db, tableName),
      close: enquiryClose.bind(undefined, tableName),
      nudged: enquiryNudged.bind(undefined, tableName),
      list: listEnquiries.bind(undefined, db, tableName),
    },
    invitations: {
      create: invitationCreate.bind(undefined, tableName),
      hold: invitationHold.bind(undefined, tableName),
      release: invitationRelease.bind(undefined, tableName),
      reopen: invitationReopen.bind(undefined, tableName),
      book: invitationBook.bind(undefined, tableName),
      withdraw: invitationWithdraw.bind(undefined, tableName),
      get: getInvitation.bind(undefined, db, tableName),
      listOpen: listOpenInvitations.bind(undefined, db, tableName),
    },
    locks: {
      take: lockTake.bind(undefined, tableName),
      free: lockFree.bind(undefined, tableName),
      takeAll: locksTake.bind(undefined, tableName),
      freeAll: locksFree.bind(undefined, tableName),
    },
    newClients: {
      getPolicy: getNewClientPolicy.bind(undefined, db, tableName),
      putPolicy: putNewClientPolicy.bind(undefined, db, tableName),
      firstContact: loadFirstContact.bind(undefined, db, tableName),
    },
    outbox: {
      put: outboxItemPut.bind(undefined, tableName),
      due: dueOutbox.bind(undefined, db, tableName),
    },
    consoleSessions: {
      put: putConsoleSession.bind(undefined, db, tableName),
      get: getConsoleSession.bind(undefined, db, tableName),
      delete: deleteConsoleSession.bind(undefined, db, tableName),
      deleteAll: deleteAllConsoleSessions.bind(undefined, db, tableName),
    },
    rateLimits: {
      hit: hitRateLimit.bind(undefined, db, tableName),
    },
    readiness: {
      check: tableReadiness.bind(undefined, db, tableName),
    },
    returnRequests: {
      create: returnRequestCreate.bind(undefined, tableName),
      answer: returnRequestAnswer.bind(undefined, tableName),
      pending: returnRequestPending.bind(undefined, tableName),
      get: getReturnRequest.bind(undefined, db, tableName),
      list: listReturnRequests.bind(undefined, db, tableName),
    },
    scheduling: {
      getSettings: getPracticeSettings.bind(undefined, access),
      saveSettings: savePracticeSettings.bind(undefined, access),
      getWeeklyHours: getWeeklyHours.bind(undefined, access),
      saveWeeklyHours: saveWeeklyHours.bind(undefined, access),
      saveOverride: saveDateOverride.bind(undefined, access),
      deleteOverride: deleteDateOverride.bind(undefined, access),
      load: loadSchedule.bind(undefined, access),
      busy: loadBusy.bind(undefined, access),
    },
    standingTimes: {
      create: standingTimeCreate.bind(undefined, tableName),
      replace: standingTimeReplace.bind(undefined, tableName),
      get: getStandingTime.bind(undefined, db, tableName),
      list: listStandingTimes.bind(undefined, db, tableName),
      ledgerVersion: getStandingLedgerVersion.bind(undefined, db, tableName),
      ledgerBump: standingLedgerBump.bind(undefined, tableName),
    },
    therapists: {
      get: getTherapist.bind(undefined, db, tableName),
      put: putTherapist.bind(undefined, db, tableName),
      setPublicSettings: setPublicSettings.bind(undefined, db, tableName),
      create: createTherapist.bind(undefined, db, tableName),
      setTakingMessages: setTakingMessages.bind(undefined, db, tableName),
    },
    timers: {
      put: timerPut.bind(undefined, tableName),
      delete: timerDelete.bind(undefined, tableName),
      fire: timerFire.bind(undefined, tableName),
      dueInPartition: <T = Record<string, unknown>>(
        partition: string,
        now: Date,
        projection?: string,
      ): AsyncGenerator<T> => dueInPartition<T>(db, tableName, partition, now, projection),
      due: dueTimers.bind(undefined, db, tableName),
    },
    tokens: {
      issue: issueToken.bind(undefined, tableName),
      read: readToken.bind(undefined, db, tableName),
      consume: consumeToken.bind(undefined, tableName),
    },
    undelivered: {
      record: recordUndelivered.bind(undefined, db, tableName),
      /** The notice for a stored message, as the mailer and the bounce path both build it. */
      of: undeliveredOf,
      recordBounced: recordBounced.bind(undefined, db, tableName),
      list: listUndelivered.bind(undefined, db, tableName),
    },
    waitingList: {
      create: waitingEntryCreate.bind(undefined, tableName),
      findGuard: findWaitingGuard.bind(undefined, db, tableName),
      write: waitingEntryWrite.bind(undefined, tableName),
      get: getWaitingEntry.bind(undefined, db, tableName),
      list: listWaitingEntries.bind(undefined, db, tableName),
      countAhead: countAhead.bind(undefined, db, tableName),
    },
    erasure: {
      readPartition: readPartition.bind(undefined, db, tableName),
      writes: eraseWrites.bind(undefined, tableName),
      /** The erasure hold (suppressions.ts builds it) as a Put in the erasure's first transaction. */
      holdPut: (item: Record<string, NativeAttributeValue>): TransactItem => ({
        Put: { TableName: tableName, Item: item },
      }),
    },
    idempotency: new IdempotencyStore(db, tableName),
    /** The outbox items' sending states, each change conditional (shared/store/outbox-leases.ts). */
    outboxLeases: new OutboxLeases(db, tableName),
    suppressions: {
      record: recordSuppression.bind(undefined, db, tableName),
      isSuppressed: isSuppressed.bind(undefined, db, tableName),
    },
    /** One TransactWriteItems of the items the namespaces above return (shared/store/transaction.ts). */
    transact: (items: TransactItem[]): Promise<void> => writeTransaction(db, items),
  };
}

export type Store = ReturnType<typeof openStore>;
