/**
 * The waiting person's links: "keep my place" (stay) and "leave the waiting list" (leave). Opening
 * one only describes it (mail scanners fetch links); answering spends the single-use token in the
 * same transaction as the change. A leave that meets a change it did not see (a place offered a
 * moment ago) does nothing and says so, so the person decides again knowing it: one outcome each.
 */
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import { onTheList, stayOnList, type WaitingEntry } from '#shared/domain/waiting-list.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { TokenItem } from '#shared/store/tokens.js';
import type { UseCaseDeps } from '../deps.js';
import { closingWrites } from './close-entry.js';
import { changeEntry } from './entry-change.js';

export type WaitingLinkPurpose = 'stay' | 'leave';
const purposes = { 'waiting-stay': 'stay', 'waiting-leave': 'leave' } as const;

/** Where the person stands, as their page may show it. */
export type WaitingState =
  | { kind: 'waiting'; joinedAt: string; nextCheckInAt?: string }
  | { kind: 'offered'; offeredAt: string; offerEndsAt: string; chosenTime: boolean }
  /** `closedAs`: how the place ended, when the entry is still there to say (left, removed...). */
  | { kind: 'off-the-list'; closedAs?: WaitingEntry['status'] };

export interface WaitingLinkView {
  purpose: WaitingLinkPurpose;
  therapist: Pick<TherapistProfile, 'displayName' | 'timeZone' | 'therapistId'>;
  state: WaitingState;
}

/** The entry moved on between the page and the button: nothing was done. */
export class WaitingChangedMeanwhile extends StateConflict {
  constructor(readonly view: WaitingLinkView) {
    super('Something changed a moment ago, so nothing was done. Please read the page again.', {
      reason: 'changed-meanwhile',
    });
  }
}

async function load(
  deps: UseCaseDeps,
  token: string,
  now: Date,
): Promise<{ record: TokenItem; therapist: TherapistProfile; entry?: WaitingEntry }> {
  const record = await deps.store.tokens.read(token, now, ['waiting-stay', 'waiting-leave']);
  const [therapist, entry] = await Promise.all([
    deps.store.therapists.get(record.therapistId),
    deps.store.waitingList.get(record.therapistId, record.subjectId, now),
  ]);
  if (!therapist) throw new NotFound('waiting list');
  return { record, therapist, ...(entry ? { entry } : {}) };
}

async function stateOf(deps: UseCaseDeps, entry: WaitingEntry | undefined, now: Date): Promise<WaitingState> {
  if (!entry || !onTheList(entry)) return { kind: 'off-the-list', ...(entry ? { closedAs: entry.status } : {}) };
  if (entry.status === 'waiting' || !entry.offer)
    return {
      kind: 'waiting',
      joinedAt: entry.joinedAt,
      ...(entry.checkIns.nextAt ? { nextCheckInAt: entry.checkIns.nextAt } : {}),
    };
  const invitation = await deps.store.invitations.get(entry.therapistId, entry.offer.invitationId, now);
  return {
    kind: 'offered',
    offeredAt: entry.offer.offeredAt,
    offerEndsAt: entry.offer.expiresAt,
    chosenTime: invitation !== undefined && invitation.status !== 'open',
  };
}

const viewOf = (record: TokenItem, therapist: TherapistProfile, state: WaitingState): WaitingLinkView => ({
  purpose: purposes[record.purpose as keyof typeof purposes],
  therapist: { displayName: therapist.displayName, timeZone: therapist.timeZone, therapistId: therapist.therapistId },
  state,
});

/** What the link would do. LinkInvalid / LinkGone for a bad or spent link. */
export async function describeWaitingLink(deps: UseCaseDeps, token: string, now: Date): Promise<WaitingLinkView> {
  const { record, therapist, entry } = await load(deps, token, now);
  return viewOf(record, therapist, await stateOf(deps, entry, now));
}

export interface WaitingLinkAnswered {
  purpose: WaitingLinkPurpose;
  therapist: WaitingLinkView['therapist'];
  /** The state after the answer (stay: still on the list; leave: off it). */
  state: WaitingState;
}

/**
 * Acts on the link. `seenOnPage` is the state the page showed when the button was pressed. Off the list already: nothing to do (the state says so, the token is kept).
 * Throws WaitingChangedMeanwhile when a leave meets a change it did not see, OfferTakenUp when the
 * person has already chosen a time with an offered place, LinkGone when the link was spent meanwhile.
 */
export async function answerWaitingLink(
  deps: UseCaseDeps,
  token: string,
  now: Date,
  seenOnPage?: 'waiting' | 'offered',
): Promise<WaitingLinkAnswered> {
  const { settings } = deps.config;
  const { record, therapist, entry } = await load(deps, token, now);
  const purpose = purposes[record.purpose as keyof typeof purposes];
  const answer = (state: WaitingState): WaitingLinkAnswered => ({
    purpose,
    therapist: viewOf(record, therapist, state).therapist,
    state,
  });
  if (!entry || !onTheList(entry)) return answer(await stateOf(deps, entry, now));
  // What the person's page showed, or (a form without it) what this request first read.
  const seen = seenOnPage ?? entry.status;

  const next = await changeEntry(
    deps,
    record.therapistId,
    record.subjectId,
    now,
    async (current) => {
      // Closed meanwhile (often by this very link, pressed twice): nothing to write; the answer says how it ended.
      if (!onTheList(current)) return { items: [], result: current };
      if (purpose === 'stay') {
        const stayed = stayOnList(current, now);
        return {
          items: [
            ...deps.store.waitingList.write(stayed, current, settings.retentionDays),
            deps.store.tokens.consume(token, now),
          ],
          result: stayed,
        };
      }
      // Leaving is for good: only on the state the person saw (an offer made meanwhile is news to them).
      if (current.status !== seen)
        throw new WaitingChangedMeanwhile(viewOf(record, therapist, await stateOf(deps, current, now)));
      const { items, next: left } = await closingWrites(deps, therapist, current, { status: 'left' }, now);
      const [entryWrite, ...rest] = items;
      return { items: [entryWrite!, deps.store.tokens.consume(token, now), ...rest], result: left };
    },
    // The link was spent meanwhile (a double click): say so; otherwise read again.
    async () => {
      await deps.store.tokens.read(token, now);
    },
  );
  return answer(await stateOf(deps, next, now));
}
