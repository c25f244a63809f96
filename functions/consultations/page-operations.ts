/**
 * The pages email links open (docs/architecture.md "Pages"): GET /book/{token} and /manage/{token} describe, their
 * POSTs act through the same use cases as the JSON API (bookSlot, cancelManagedBooking,
 * rescheduleManagedBooking). Forms post as application/x-www-form-urlencoded, so everything works
 * without JavaScript. A conflict the visitor can act on (a time just taken, nothing chosen) re-renders
 * the page with a message that is announced and focused, never a dead end.
 */
import * as z from '#shared/zod.js';
import {
  ChangeNotAllowed,
  InvitationUsed,
  RequestAlreadyWaiting,
  SlotNotOffered,
  SlotTaken,
} from '#shared/domain/booking-errors.js';
import { StateConflict } from '#shared/domain/errors.js';
import { isTimeZone } from '#shared/email/format-time.js';
import { operation, type HttpResult, type OperationTable } from '#shared/http/operation.js';
import type { Runtime } from '#shared/runtime.js';
import { bookSlot } from '#shared/use-cases/bookings/book-slot.js';
import {
  cancelManagedBooking,
  rescheduleManagedBooking,
  viewManagedBooking,
} from '#shared/use-cases/bookings/manage-booking.js';
import { bookingPhone, limits, tokenParams } from '#shared/use-cases/bookings/booking-schemas.js';
import { bookPage, chosenPage } from './pages/book-pages.js';
import { linkErrorPage, type LinkKind, type ToRoot } from './pages/link-pages.js';
import { cancelConfirmPage, cancelledPage, managePage, movedPage } from './pages/manage-pages.js';
import { loadBookPage, loadMoveSlots, type PageRequest } from './pages/page-data.js';
import { pagePolicy, type PageLinks } from './pages/slot-picker.js';
import { shownZone } from './pages/slot-week.js';

/**
 * Lenient on purpose: a stray or stale query (?tz=Mars/Base, a mangled date) shows the page in the
 * default zone and week rather than an error; unknown parameters (tracking tags) are ignored.
 */
const text = (max: number) => z.optional(z.string().check(z.maxLength(max)));
export const pageQuery = z.lazy(() => z.object({ tz: text(100), from: text(40), day: text(40) }));
export const slotForm = z.lazy(() =>
  z.object({ start: text(100), tz: text(100), from: text(40), day: text(40), phone: text(120) }),
);
/** Longer than the limit, so an over-long reason is said on the page rather than as a bare 400. */
export const cancelForm = z.lazy(() => z.object({ reason: text(limits.reason * 4) }));

const isoInstant = z.lazy(() => z.iso.datetime({ offset: true }));
const chosenStart = (value: string | undefined): Date | undefined =>
  value && isoInstant.safeParse(value.trim()).success ? new Date(value.trim()) : undefined;
const requestOf = (input: {
  tz?: string | undefined;
  from?: string | undefined;
  day?: string | undefined;
}): PageRequest => ({ tz: input.tz, from: input.from, day: input.day });

const messages = {
  noChoice: 'Please choose one of the times below, then press the button again.',
  noPhone: 'Please add the phone number to call you on, then press the button again.',
  taken: 'Someone else has just taken that time. Here are the times still free.',
  // Usually the same race seen a moment earlier (the time was taken before the check), or notice that ran out while the page was open.
  notFree: 'That time is no longer free. Someone may have just taken it. Here are the times still free.',
  notChangeable: 'This appointment could not be changed here. The details below say why, and what you can do instead.',
  // A getter: toLocaleString wakes ICU (about 10 ms), paid when the message is shown, not at every cold start.
  get tooLong() {
    return `Please keep the reason to ${limits.reason.toLocaleString('en-GB')} characters or fewer. It is optional, so you can also leave it empty.`;
  },
} as const;

/** Link errors become the kind link pages (same statuses as the JSON API); anything else goes to api-handler. */
async function withLinkPages(
  runtime: Runtime,
  kind: LinkKind,
  toRoot: ToRoot,
  run: () => Promise<HttpResult>,
): Promise<HttpResult> {
  try {
    return await run();
  } catch (error) {
    const shown = await linkErrorPage(runtime, error, kind, toRoot);
    if (shown) return shown;
    throw error;
  }
}

// ── /book/{token} ────────────────────────────────────────────────────────────

async function renderBook(
  runtime: Runtime,
  token: string,
  request: PageRequest,
  now: Date,
  status: number,
  extra: { alert?: string; detectZone?: boolean; phone?: string; selected?: string } = {},
): Promise<HttpResult> {
  const data = await loadBookPage(runtime, token, request, now);
  return {
    status,
    html: bookPage(data, { token, day: request.day, ...extra }),
    headers: pagePolicy(Boolean(extra.detectZone)),
  };
}

async function bookFromForm(
  runtime: Runtime,
  token: string,
  form: z.infer<typeof slotForm>,
  now: Date,
): Promise<HttpResult> {
  const request = requestOf(form);
  const start = chosenStart(form.start);
  if (!start) return renderBook(runtime, token, request, now, 400, { alert: messages.noChoice });
  const timeZone = form.tz && isTimeZone(form.tz) ? form.tz : undefined;
  // The number is asked only for a phone appointment; when sent, it must be one that can be called.
  const phone = bookingPhone.safeParse(form.phone);
  const kept = { ...(form.phone !== undefined ? { phone: form.phone } : {}), selected: form.start! };
  if (!phone.success)
    return renderBook(runtime, token, request, now, 400, { alert: phone.error.issues[0]!.message, ...kept });
  if (form.phone !== undefined && !phone.data)
    return renderBook(runtime, token, request, now, 400, { alert: messages.noPhone, ...kept });
  try {
    const booked = await bookSlot(runtime, {
      token,
      start,
      ...(timeZone ? { timeZone } : {}),
      ...(phone.data ? { phone: phone.data } : {}),
      now,
    });
    runtime.logger.info('booking', { outcome: booked.status, bookingId: booked.bookingId, via: 'page' });
  } catch (error) {
    if (error instanceof SlotTaken) return renderBook(runtime, token, request, now, 409, { alert: messages.taken });
    if (error instanceof SlotNotOffered)
      return renderBook(runtime, token, request, now, 409, { alert: messages.notFree });
    // A second press, or the confirmation page reloaded: the one request or booking there is, shown kindly.
    if (error instanceof RequestAlreadyWaiting || error instanceof InvitationUsed)
      return {
        status: 409,
        html: chosenPage(await loadBookPage(runtime, token, request, now)),
        headers: pagePolicy(false),
      };
    throw error;
  }
  return {
    status: 200,
    html: chosenPage(await loadBookPage(runtime, token, request, now)),
    headers: pagePolicy(false),
  };
}

// ── /manage/{token} ──────────────────────────────────────────────────────────

/** Links from the GET page (/manage/TOKEN) and from the pages its forms answer with (/manage/TOKEN/cancel). */
const manageLinks = (token: string, from: 'page' | 'form'): PageLinks =>
  from === 'page' ? { self: token, root: '../' } : { self: `../${token}`, root: '../../' };

async function renderManage(
  runtime: Runtime,
  token: string,
  request: PageRequest,
  now: Date,
  status: number,
  extra: { alert?: string; detectZone?: boolean; from: 'page' | 'form' },
): Promise<HttpResult> {
  const view = await viewManagedBooking(runtime, token, now);
  const zone = shownZone(request.tz, view.timeZone);
  const week = view.canReschedule ? await loadMoveSlots(runtime, token, zone, request, now) : undefined;
  const { from, ...rest } = extra;
  return {
    status,
    html: managePage(view, {
      links: manageLinks(token, from),
      zone,
      day: request.day,
      ...(week ? { week } : {}),
      ...rest,
    }),
    headers: pagePolicy(Boolean(extra.detectZone)),
  };
}

/** What a refused change re-renders with: a lost race offers the fresh times; a policy refusal shows the policy. */
function changeRefusal(error: unknown): string | undefined {
  if (error instanceof SlotTaken) return messages.taken;
  if (error instanceof SlotNotOffered) return messages.notFree;
  if (error instanceof ChangeNotAllowed) return messages.notChangeable;
  if (error instanceof StateConflict) return error.message;
  return undefined;
}

/** The second step of cancelling; where the policy no longer allows it, the manage page says why. */
async function confirmCancel(runtime: Runtime, token: string, now: Date): Promise<HttpResult> {
  const view = await viewManagedBooking(runtime, token, now);
  if (!view.canCancel) return renderManage(runtime, token, {}, now, 200, { from: 'form' });
  return {
    status: 200,
    html: cancelConfirmPage(view, view.timeZone, manageLinks(token, 'form')),
    headers: pagePolicy(false),
  };
}

async function cancelFromForm(
  runtime: Runtime,
  token: string,
  form: z.infer<typeof cancelForm>,
  now: Date,
): Promise<HttpResult> {
  const reason = form.reason?.trim() || undefined;
  const before = await viewManagedBooking(runtime, token, now);
  if (reason && reason.length > limits.reason && before.canCancel)
    return {
      status: 400,
      html: cancelConfirmPage(before, before.timeZone, manageLinks(token, 'form'), messages.tooLong),
      headers: pagePolicy(false),
    };
  try {
    const after = await cancelManagedBooking(runtime, token, reason, now);
    runtime.logger.info('booking cancelled', { bookingId: after.bookingId, via: 'page' });
    return {
      status: 200,
      html: cancelledPage(after, before.status === 'confirmed', after.timeZone, manageLinks(token, 'form')),
      headers: pagePolicy(false),
    };
  } catch (error) {
    const alert = changeRefusal(error);
    if (alert) return renderManage(runtime, token, {}, now, 409, { alert, from: 'form' });
    throw error;
  }
}

async function moveFromForm(
  runtime: Runtime,
  token: string,
  form: z.infer<typeof slotForm>,
  now: Date,
): Promise<HttpResult> {
  const request = requestOf(form);
  const start = chosenStart(form.start);
  if (!start) return renderManage(runtime, token, request, now, 400, { alert: messages.noChoice, from: 'form' });
  try {
    const after = await rescheduleManagedBooking(runtime, token, start, now);
    runtime.logger.info('booking moved', { bookingId: after.bookingId, via: 'page' });
    return {
      status: 200,
      html: movedPage(after, shownZone(form.tz, after.timeZone), manageLinks(token, 'form')),
      headers: pagePolicy(false),
    };
  } catch (error) {
    const alert = changeRefusal(error);
    if (alert) return renderManage(runtime, token, request, now, 409, { alert, from: 'form' });
    throw error;
  }
}

export const pageOperations: OperationTable = {
  bookPage: operation({
    params: tokenParams,
    query: pageQuery,
    responds: 'html',
    // Without ?tz= the page shows the therapist's zone and, with JavaScript, reloads once in the browser's.
    run: ({ params, query, now }, runtime) =>
      withLinkPages(runtime, 'book', '../', () =>
        renderBook(runtime, params.token, requestOf(query), now, 200, { detectZone: query.tz === undefined }),
      ),
  }),

  bookFromPage: operation({
    params: tokenParams,
    body: slotForm,
    bodyFormat: 'form',
    responds: 'html',
    run: ({ params, body, now }, runtime) =>
      withLinkPages(runtime, 'book', '../', () => bookFromForm(runtime, params.token, body, now)),
  }),

  managePage: operation({
    params: tokenParams,
    query: pageQuery,
    responds: 'html',
    run: ({ params, query, now }, runtime) =>
      withLinkPages(runtime, 'manage', '../', () =>
        renderManage(runtime, params.token, requestOf(query), now, 200, {
          detectZone: query.tz === undefined,
          from: 'page',
        }),
      ),
  }),

  confirmCancelPage: operation({
    params: tokenParams,
    responds: 'html',
    run: ({ params, now }, runtime) =>
      withLinkPages(runtime, 'manage', '../../', () => confirmCancel(runtime, params.token, now)),
  }),

  cancelFromPage: operation({
    params: tokenParams,
    body: cancelForm,
    bodyFormat: 'form',
    responds: 'html',
    run: ({ params, body, now }, runtime) =>
      withLinkPages(runtime, 'manage', '../../', () => cancelFromForm(runtime, params.token, body, now)),
  }),

  rescheduleFromPage: operation({
    params: tokenParams,
    body: slotForm,
    bodyFormat: 'form',
    responds: 'html',
    run: ({ params, body, now }, runtime) =>
      withLinkPages(runtime, 'manage', '../../', () => moveFromForm(runtime, params.token, body, now)),
  }),
};
