/**
 * The break's emails. Each has a deterministic id per break and client (the outbox key), and the
 * outbox Put is conditioned on the key being new: a timer fired twice, or two sweeps at once, can
 * write a person's email only once.
 */
import { createHash } from 'node:crypto';
import { breakDatesInWords, dateInWords } from '#shared/domain/therapist-break.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import type { ClientRecord } from '#shared/store/clients.js';
import type { StoredBreak, WithdrawnBreak } from '#shared/store/breaks.js';
import type { TherapistProfile } from '#shared/store/therapists.js';

type Kind = 'break-notice' | 'break-notice-correction' | 'welcome-back' | 'welcome-back-reminder';
type Person = Pick<ClientRecord, 'clientId' | 'name' | 'email'>;
type Sender = Pick<TherapistProfile, 'therapistId' | 'displayName'>;

const outboxId = /^[A-Za-z0-9_-]{1,128}$/;

/** `<kind>_<breakId>_<clientId>` (the outbox allows no '#'); a client id that does not fit is hashed. */
export function breakMessageId(kind: Kind, breakId: string, clientId: string): string {
  const plain = `${kind}_${breakId}_${clientId}`;
  return outboxId.test(plain)
    ? plain
    : `${kind}_${breakId}_${createHash('sha256').update(clientId).digest('base64url').slice(0, 32)}`;
}

const envelope = (kind: Kind, therapist: Sender, breakId: string, client: Person) => ({
  id: breakMessageId(kind, breakId, client.clientId),
  therapistId: therapist.therapistId,
  fromName: therapist.displayName,
  to: { email: client.email, name: client.name },
});

/** `backOn`: the first day after the break the therapist works (therapist-break.ts dayBack). */
export function breakNoticeEmail(
  therapist: Sender,
  b: StoredBreak,
  client: Person,
  backOn: string,
  now: Date,
): OutboxMessage {
  return {
    ...envelope('break-notice', therapist, b.breakId, client),
    template: 'break-notice',
    data: {
      clientName: client.name,
      therapistName: therapist.displayName,
      start: b.start,
      end: b.end,
      when: breakDatesInWords(b, now),
      firstDayBack: dateInWords(backOn),
      ...(b.message ? { therapistMessage: b.message } : {}),
    },
  };
}

export function breakCorrectionEmail(therapist: Sender, w: WithdrawnBreak, client: Person, now: Date): OutboxMessage {
  return {
    ...envelope('break-notice-correction', therapist, w.breakId, client),
    template: 'break-notice-correction',
    data: {
      clientName: client.name,
      therapistName: therapist.displayName,
      start: w.start,
      end: w.end,
      when: breakDatesInWords(w, now),
    },
  };
}

export interface Invited {
  bookingUrl: string;
  expiresAt: string;
  durationMinutes: number;
}

export function welcomeBackEmail(
  therapist: Sender,
  breakId: string,
  client: Person,
  backOn: string,
  invited: Invited,
  timeZone: string,
  reminder: boolean,
): OutboxMessage {
  return {
    ...envelope(reminder ? 'welcome-back-reminder' : 'welcome-back', therapist, breakId, client),
    template: 'welcome-back',
    data: {
      clientName: client.name,
      therapistName: therapist.displayName,
      firstDayBack: dateInWords(backOn),
      bookingUrl: invited.bookingUrl,
      invitationExpiresAt: invited.expiresAt,
      durationMinutes: invited.durationMinutes,
      timeZone,
      reminder,
    },
  };
}
