/**
 * GET /me/breaks: upcoming and current breaks, each with where its notice and welcome back stand,
 * the bookings still inside it, and — once the welcome back has gone out — who has not booked again.
 */
import { breakStatus, breakTimeline } from '#shared/domain/therapist-break.js';
import type { UseCaseDeps } from '../deps.js';
import { bookingsInside, rebookedAfter } from './break-bookings.js';
import { loadBreakContext } from './break-context.js';
import { breakView, type BreakView } from './break-view.js';

export async function listTherapistBreaks(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
): Promise<{ timeZone: string; items: BreakView[] }> {
  const [{ zone, policy }, breaks] = await Promise.all([
    loadBreakContext(deps, therapistId, now),
    deps.store.breaks.list(therapistId, now),
  ]);
  const open = breaks.filter((b) => breakStatus(b, b.timeZone, now) !== 'ended');
  const needClients = open.some((b) => b.welcomeBackSentAt);
  const clients = needClients ? await deps.store.clients.list(therapistId, 'active') : [];
  const items = await Promise.all(
    open.map(async (b) => {
      const inside = await bookingsInside(deps, therapistId, b, b.timeZone, now);
      if (!b.welcomeBackSentAt) return breakView(b, now, inside);
      const rebooked = await rebookedAfter(
        deps,
        therapistId,
        breakTimeline(b, b.timeZone, policy).firstDayBack,
        b.timeZone,
        now,
      );
      return breakView(
        b,
        now,
        inside,
        clients.filter((c) => !rebooked(c)).map((c) => ({ clientId: c.clientId, name: c.name })),
      );
    }),
  );
  return { timeZone: zone, items };
}
