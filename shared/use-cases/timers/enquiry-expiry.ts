/**
 * Nobody replied in time: close the enquiry and tell the client kindly, so nobody is left in silence.
 * The closed enquiry expires after the retention period.
 */
import { canAct, expireEnquiry } from '#shared/domain/enquiry.js';
import { retentionEndsAt } from '#shared/domain/enquiry-rules.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { timerId } from '#shared/store/index.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { therapistOf, type UseCaseDeps } from '../deps.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireEnquiryExpiry(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { config } = deps;
  const { settings } = config;
  const [therapist, enquiry] = await Promise.all([
    therapistOf(deps, timer.therapistId),
    deps.store.enquiries.get(timer.therapistId, timer.subjectId, now),
  ]);
  if (!therapist || !enquiry || !canAct(enquiry)) return retire(deps, timer, now);

  const closed = expireEnquiry(enquiry, now);
  const message: OutboxMessage = {
    id: newId(now),
    therapistId: therapist.therapistId,
    fromName: therapist.displayName,
    to: { email: enquiry.email, name: enquiry.name },
    template: 'enquiry-closed',
    data: { clientName: enquiry.name, therapistName: therapist.displayName },
  };
  return fireWith(deps, timer, now, [
    deps.store.enquiries.close(closed, retentionEndsAt(now, settings)),
    outboxPut(deps.store, message, now),
    // A nudge that has not fired yet (the sweep was down) has nothing left to nudge about.
    deps.store.timers.delete(therapist.therapistId, timerId('enquiry-nudge', enquiry.enquiryId)),
  ]);
}
