/**
 * Named booking conflicts. Each is a StateConflict (409) whose problem body carries what the reader
 * needs to carry on: fresh slots to pick from, or how to reach the therapist.
 */
import type { ChangeRefusal } from './booking-policy.js';
import { StateConflict } from './errors.js';

/** A free slot as the client sees it: ISO instants with the offset of their zone. */
export interface SlotView {
  start: string;
  end: string;
}

/** Lost a race: another booking took one of the cells between the client's look and their click. */
export class SlotTaken extends StateConflict {
  constructor(timeZone: string, slots: SlotView[]) {
    super('Someone else has just booked that time. Here are the times still free.', {
      reason: 'slot-taken',
      timeZone,
      slots,
    });
  }
}

/** The start is not among the invitation's free slots (never offered, or taken a while ago). */
export class SlotNotOffered extends StateConflict {
  constructor(
    timeZone: string,
    slots: SlotView[],
    message = 'That time is not free. Here are the times you can choose from.',
    reason = 'slot-not-free',
  ) {
    super(message, { reason, timeZone, slots });
  }
}

/**
 * The time would be free but for the therapist's own calendar, which has made it busy since it was
 * offered: for the client, a lost race, answered as kindly and with fresh times (reason slot-taken).
 * It says nothing of why: the therapist's calendar is theirs.
 */
export class SlotNoLongerFree extends SlotNotOffered {
  constructor(timeZone: string, slots: SlotView[]) {
    super(timeZone, slots, 'That time has just become unavailable. Here are the times still free.', 'slot-taken');
  }
}

/** One waiting request per invitation. */
export class RequestAlreadyWaiting extends StateConflict {
  constructor(therapistName: string) {
    super(
      `You already have a request waiting for ${therapistName}'s reply. You will hear back by email. If you would like a different time, use the link in the email about your request to move it.`,
      { reason: 'request-waiting' },
    );
  }
}

/** The invitation already led to a booking (or has closed): it books nothing more. */
export class InvitationUsed extends StateConflict {
  constructor(therapistName: string) {
    super(
      `This invitation has already been used to book a time with ${therapistName}. Your confirmation email has a link to see or change it.`,
      { reason: 'invitation-used' },
    );
  }
}

/** The client cannot change the booking online any more; the message says how to reach the therapist. */
export class ChangeNotAllowed extends StateConflict {
  constructor(refusal: ChangeRefusal, message: string) {
    super(message, { reason: refusal });
  }
}
