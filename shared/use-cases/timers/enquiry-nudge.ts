/**
 * An enquiry still waiting after the nudge time: remind the therapist once, with fresh one-click
 * links (the first email's may be buried or lost).
 */
import { canAct } from '#shared/domain/enquiry.js';
import { expiryDueAt } from '#shared/domain/enquiry-rules.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { therapistOf, type UseCaseDeps } from '../deps.js';
import { enquiryUrl, issueActionLinks } from '../enquiries/action-links.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireEnquiryNudge(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { config } = deps;
  const { settings } = config;
  const [therapist, enquiry] = await Promise.all([
    therapistOf(deps, timer.therapistId),
    deps.store.enquiries.get(timer.therapistId, timer.subjectId, now),
  ]);
  if (!therapist || !enquiry || !canAct(enquiry)) return retire(deps, timer, now);

  const links = issueActionLinks(settings, deps.store, therapist.therapistId, enquiry.enquiryId, now);
  const nudge: OutboxMessage = {
    id: newId(now),
    therapistId: therapist.therapistId,
    fromName: therapist.displayName,
    to: { email: therapist.email, name: therapist.displayName },
    template: 'enquiry-nudge',
    data: {
      therapistName: therapist.displayName,
      clientName: enquiry.name,
      receivedAt: enquiry.receivedAt,
      timeZone: therapist.timeZone,
      acceptUrl: links.acceptUrl,
      declineUrl: links.declineUrl,
      enquiryUrl: enquiryUrl(settings, enquiry.enquiryId),
      expiresAt: expiryDueAt(new Date(enquiry.receivedAt), settings).toISOString(),
    },
  };
  return fireWith(deps, timer, now, [
    deps.store.enquiries.nudged(therapist.therapistId, enquiry.enquiryId, now),
    ...links.puts,
    outboxPut(deps.store, nudge, now),
  ]);
}
