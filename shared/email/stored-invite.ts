/**
 * What the outbox keeps of a booking email's calendar invite. Whole, the invite repeated what the
 * message already says: the method (the template's), a status that follows from it, the
 * appointment's start, end and zone, a title and a "where" made of the names and how to join
 * (invite-words.ts), the therapist as organizer at the deployment's sender address, and the client
 * as attendee (at the address the message goes to, in the client's copy). Stored twice, that took
 * every booking email with an invite past 1 KB, which DynamoDB bills as two write units in the
 * table and two more in gsi1 (four and four inside a transaction).
 *
 * `storedMessage` leaves out each of those fields only when `wholeMessage` gives it back exactly, so
 * what is rendered never changes. An invite stored whole, or with any of the fields present, renders
 * as it always did: a field present is never derived. The organizer's address is the exception that
 * is not compared: it is always the sender's (booking-emails.ts says why), and the mailer fills in
 * the sender it sends from.
 *
 * Kept light: the outbox Put in every API function imports this, so no zod and no ics here.
 */
import { isDeepStrictEqual } from 'node:util';
import { inviteSummary, inviteWhere } from './invite-words.js';
import type { AppointmentJoin, CalendarEvent, OutboxMessage } from './messages.js';

type Fields = Record<string, unknown>;

/** The templates whose data carries `ics`. */
type InviteTemplate = OutboxMessage extends infer M
  ? M extends { template: infer T; data: infer D }
    ? 'ics' extends keyof D
      ? T
      : never
    : never
  : never;

/** Whose copy each invite is (the other person is the one they will meet) and what it asks of the calendar. */
export const inviteTemplates: Record<
  InviteTemplate,
  { reader: 'client' | 'therapist'; method: CalendarEvent['method'] }
> = {
  'booking-confirmed': { reader: 'client', method: 'REQUEST' },
  'booking-confirmed-therapist': { reader: 'therapist', method: 'REQUEST' },
  'booking-moved': { reader: 'client', method: 'REQUEST' },
  'booking-moved-therapist': { reader: 'therapist', method: 'REQUEST' },
  'booking-cancelled': { reader: 'client', method: 'CANCEL' },
  'booking-cancelled-therapist': { reader: 'therapist', method: 'CANCEL' },
};

/** The part of an outbox message this reads: the envelope the mailer has parsed, or the message itself. */
interface Envelope {
  template: string;
  to?: { email?: unknown };
  data: unknown;
}

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isJoin = (v: unknown): v is AppointmentJoin =>
  isFields(v) &&
  ((v.kind === 'video' && (v.link === undefined || isText(v.link))) ||
    v.kind === 'phone' ||
    (v.kind === 'in-person' && isText(v.address)));
const statusOf = (method: unknown): string => (method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');

function spec(template: string) {
  return Object.hasOwn(inviteTemplates, template) ? inviteTemplates[template as InviteTemplate] : undefined;
}

/** The invite whole, from what was stored of it and the rest of the message. */
function wholeInvite(
  ics: Fields,
  data: Fields,
  template: string,
  to: unknown,
  senderEmail: string | undefined,
): Fields {
  const { reader, method: templateMethod } = spec(template)!;
  const { appointment, therapistName, clientName } = data;
  const method = 'method' in ics ? ics.method : templateMethod;
  const other = reader === 'client' ? therapistName : clientName;
  const whole: Fields = { ...ics, method };
  if (!('status' in ics)) whole.status = statusOf(method);
  if (!('start' in ics) && isFields(appointment))
    Object.assign(whole, { start: appointment.start, end: appointment.end, timeZone: appointment.timeZone });
  if (!('summary' in ics) && isText(other)) whole.summary = inviteSummary(other);
  // Location goes with the description: a stored description means the location is as stored (or none).
  if (
    !('description' in ics) &&
    isFields(appointment) &&
    isJoin(appointment.join) &&
    isText(other) &&
    (method === 'REQUEST' || method === 'CANCEL')
  )
    Object.assign(whole, inviteWhere(appointment.join, other, method));
  if (!('organizer' in ics) && senderEmail !== undefined) whole.organizer = { name: therapistName, email: senderEmail };
  if (!('attendees' in ics)) {
    // Left out only from the client's copy, which goes to the attendee's own address.
    if (reader === 'client' && isFields(to)) whole.attendees = [{ name: clientName, email: to.email }];
  } else if (Array.isArray(ics.attendees)) {
    // The therapist's copy keeps the client's address; the name is the message's.
    whole.attendees = ics.attendees.map((a: unknown) =>
      isFields(a) && !('name' in a) ? { name: clientName, ...a } : a,
    );
  }
  return whole;
}

/** Each way of storing less, tried in turn; one is kept only if the invite still comes back whole. */
const leaveOut: ((ics: Fields, data: Fields) => Fields)[] = [
  ...[
    ['method'],
    ['status'],
    ['start', 'end', 'timeZone'],
    ['summary'],
    ['location', 'description'],
    ['organizer'],
    ['attendees'],
  ].map((names) => (ics: Fields) => Object.fromEntries(Object.entries(ics).filter(([name]) => !names.includes(name)))),
  (ics, data) =>
    Array.isArray(ics.attendees)
      ? {
          ...ics,
          attendees: ics.attendees.map((a: unknown) =>
            isFields(a) && a.name === data.clientName ? { email: a.email } : a,
          ),
        }
      : ics,
];

/** The message as the outbox stores it. */
export function storedMessage<M extends Envelope>(message: M): M {
  const { data } = message;
  if (!spec(message.template) || !isFields(data) || !isFields(data.ics)) return message;
  const ics = data.ics;
  // The organizer's address is the sender's wherever it is rebuilt (see above).
  const sender = isFields(ics.organizer) && isText(ics.organizer.email) ? ics.organizer.email : undefined;
  let kept = ics;
  for (const less of leaveOut) {
    const candidate = less(kept, data);
    if (isDeepStrictEqual(wholeInvite(candidate, data, message.template, message.to, sender), ics)) kept = candidate;
  }
  return { ...message, data: { ...data, ics: kept } };
}

/** The message as its template reads it, with the invite whole again. */
export function wholeMessage<M extends Envelope>(message: M, senderEmail: string | undefined): M {
  const { data } = message;
  if (!spec(message.template) || !isFields(data) || !isFields(data.ics)) return message;
  return { ...message, data: { ...data, ics: wholeInvite(data.ics, data, message.template, message.to, senderEmail) } };
}
