/**
 * Where a therapist does each thing the JSON API offers under /me, without curl: the console page
 * (a session route's operation id) that reaches the same use case, or why it stays API-only. The
 * check in test/unit/console/api-parity.test.ts fails when a /me route arrives without an entry here,
 * or when an entry names a page that does not exist.
 */
import { routes, type Route } from './routes.js';

export type ConsoleCounterpart = { readonly page: string } | { readonly apiOnly: string };

export const consoleCounterparts: Readonly<Record<string, ConsoleCounterpart>> = {
  listEnquiries: { page: 'consoleInbox' },
  getEnquiry: { page: 'consoleEnquiry' },
  acceptEnquiry: { page: 'consoleAcceptEnquiry' },
  declineEnquiry: { page: 'consoleDeclineEnquiry' },
  getProfile: { page: 'consoleProfile' },
  putProfile: { page: 'consoleSaveProfile' },
  getNewClients: { page: 'consoleWaitingList' },
  putNewClients: { page: 'consoleSaveNewClients' },
  listWaitingList: { page: 'consoleWaitingList' },
  offerPlace: { page: 'consoleOfferPlace' },
  removeFromWaitingList: { page: 'consoleRemoveFromWaitingList' },
  erasePerson: { page: 'consoleErase' },
  getSettings: { page: 'consoleSettings' },
  putSettings: { page: 'consoleSaveSettings' },
  getAvailability: { page: 'consoleAvailability' },
  putAvailability: { page: 'consoleSaveHours' },
  listOverrides: { page: 'consoleAvailability' },
  putOverride: { page: 'consoleSaveOverride' },
  deleteOverride: { page: 'consoleDeleteOverride' },
  listBookings: { page: 'consoleBookings' },
  getBooking: { page: 'consoleBooking' },
  confirmBooking: { page: 'consoleConfirmBooking' },
  declineBooking: { page: 'consoleDeclineBooking' },
  cancelBooking: { page: 'consoleCancelBooking' },
  recordOutcome: { page: 'consoleRecordOutcome' },
  inviteClient: { page: 'consoleInviteClient' },
  listClients: { page: 'consoleClients' },
  addClient: { page: 'consoleAddClient' },
  pauseClient: { page: 'consolePauseClient' },
  endClient: { page: 'consoleEndClient' },
  resumeClient: { page: 'consoleResumeClient' },
  listReturns: { page: 'consoleInbox' },
  getReturn: { page: 'consoleReturn' },
  acceptReturn: { page: 'consoleAcceptReturn' },
  declineReturn: { page: 'consoleDeclineReturn' },
  createBreak: { page: 'consolePlanBreak' },
  listBreaks: { page: 'consoleBreaks' },
  deleteBreak: { page: 'consoleDeleteBreak' },
  remindAfterBreak: { page: 'consoleRemindAfterBreak' },
  createStandingTime: { apiOnly: 'Standing times are set through the API until their console page lands.' },
  listStandingTimes: { apiOnly: 'Standing times are set through the API until their console page lands.' },
  endStandingTime: { apiOnly: 'Standing times are set through the API until their console page lands.' },
  skipStandingDate: { apiOnly: 'Standing times are set through the API until their console page lands.' },
  getCalendarFeed: { page: 'consoleCalendar' },
  putCalendarFeed: { page: 'consoleSaveFeedShows' },
  rotateCalendarFeed: { page: 'consoleRotateFeed' },
  getBusyCalendars: { page: 'consoleCalendar' },
  putBusyCalendars: { page: 'consoleAddBusyCalendar' },
};

/**
 * What is wrong with the table for a route list and the console's pages: a /me operation with no
 * entry, an entry for no /me operation, or a page that is not a console route with a page behind it.
 */
export function parityProblems(
  list: readonly Route[] = routes,
  table: Readonly<Record<string, ConsoleCounterpart>> = consoleCounterparts,
  pages: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const me = list.filter((r) => r.path.startsWith('/me/') || r.path === '/me');
  const consoleOps = new Set(list.filter((r) => r.auth === 'session').map((r) => r.operation));
  for (const r of me) {
    const entry = table[r.operation];
    if (!entry)
      problems.push(`${r.method} ${r.path} (${r.operation}) has no console page and no reason to be API-only`);
    else if ('page' in entry && !(consoleOps.has(entry.page) && pages.has(entry.page)))
      problems.push(
        `${r.method} ${r.path} (${r.operation}) names the console page ${entry.page}, which does not exist`,
      );
    else if ('apiOnly' in entry && entry.apiOnly.trim().length < 10)
      problems.push(`${r.operation}: say why it is API-only`);
  }
  const known = new Set(me.map((r) => r.operation));
  for (const op of Object.keys(table)) if (!known.has(op)) problems.push(`${op} is in the table but is no /me route`);
  return problems;
}
