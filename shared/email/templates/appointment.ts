/**
 * What the booking templates share: the appointment's data schema and the few sentences every
 * booking email says the same way (when, how to join, the calendar invite, the manage link).
 */
import { insideNoticeWindow } from '#shared/domain/booking-policy.js';
import { aMeeting, meetingName } from '#shared/domain/vocabulary.js';
import * as z from '#shared/zod.js';
import { button, paragraph, type Block } from '../blocks.js';
import type { Attachment } from '../compose.js';
import { isoTime, link, timeZone } from '../data-schema.js';
import { formatDateTime, formatDay } from '../format-time.js';
import { oneLine } from '../header.js';
import { calendarAttachment } from '../ics.js';
import type { AppointmentDetails, CalendarEvent } from '../messages.js';

export const appointmentSchema = z.object({
  kind: z.enum(['consultation', 'session']),
  start: isoTime,
  end: isoTime,
  durationMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(24 * 60)),
  timeZone,
  join: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('video'), link: z.optional(link) }),
    z.object({
      kind: z.literal('phone'),
      number: z.optional(z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), z.transform(oneLine))),
    }),
    z.object({
      kind: z.literal('in-person'),
      address: z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)), z.transform(oneLine)),
    }),
  ]),
});

export const previousTimeSchema = z.object({ start: isoTime, end: isoTime });

/** "first consultation" or "appointment": the product's one vocabulary (shared/domain/vocabulary.ts). */
export const appointmentName = (a: Pick<AppointmentDetails, 'kind'>): string => meetingName(a.kind);

/** The name with its article: "a first consultation", "an appointment". */
export const anAppointment = (a: Pick<AppointmentDetails, 'kind'>): string => aMeeting(a.kind);

/** "Tuesday 4 March, 10:00 (London time)", in the reader's zone. */
export const when = (a: Pick<AppointmentDetails, 'start' | 'timeZone'>): string => formatDateTime(a.start, a.timeZone);

/** For subjects: the day only, which is enough to recognise it and says little on a lock screen. */
export const day = (a: Pick<AppointmentDetails, 'start' | 'timeZone'>): string => formatDay(a.start, a.timeZone);

/** "It lasts 50 minutes." */
export const length = (a: AppointmentDetails): string => `It lasts ${a.durationMinutes} minutes.`;

/**
 * How the client joins, in their words. `other` is the person they will meet. A video link is a
 * button; without one yet, the email says it will follow rather than leave them wondering.
 */
export function howToJoin(a: AppointmentDetails, other: string): Block[] {
  switch (a.join.kind) {
    case 'video':
      return a.join.link
        ? [
            paragraph('It is a video call. You can join it here when it is time:'),
            button('Join the video call', a.join.link),
          ]
        : [paragraph(`It is a video call. ${other} will send you the link before it starts.`)];
    case 'phone':
      return [paragraph(`It is a phone call. ${other} will call you at that time.`)];
    case 'in-person':
      return [paragraph(`It is in person, at ${a.join.address}.`)];
  }
}

/** The same, for the therapist, who knows their own arrangements: one plain line. */
export function joinNote(a: AppointmentDetails): Block[] {
  switch (a.join.kind) {
    case 'video':
      // Links go in buttons only (text and HTML must carry the same links); the therapist knows theirs.
      return a.join.link
        ? [paragraph('It is a video call, at the link in your settings.')]
        : [
            paragraph(
              'It is a video call. There is no video link in your settings yet, so please send one before it starts.',
            ),
          ];
    case 'phone':
      return [
        paragraph(
          a.join.number
            ? `It is a phone call. Please call them on ${a.join.number}.`
            : 'It is a phone call. They did not give a phone number, so please ask them for one by email before it starts.',
        ),
      ];
    case 'in-person':
      return [paragraph(`It is in person, at ${a.join.address}.`)];
  }
}

/** Where the client's zone differs from the therapist's, the time as the client sees it. */
export function clientTimeNote(a: AppointmentDetails, clientName: string, clientTimeZone: string): Block[] {
  if (clientTimeZone === a.timeZone) return [];
  return [paragraph(`For ${clientName}, that is ${formatDateTime(a.start, clientTimeZone)}.`)];
}

/** Cancelling is as easy as booking (docs/voice-and-privacy.md): the link is always there, with no pressure. */
export function manageLink(manageUrl: string, again = false): Block[] {
  return [
    paragraph(`If you need to move or cancel it${again ? ' again' : ''}, you can do that here:`),
    button('Move or cancel', manageUrl),
  ];
}

const inHours = (hours: number): string => (hours === 1 ? 'one hour' : `${hours} hours`);

/** The notice window in plain words, and that the page will say what to do inside it. */
export const noticeWindow = (hours: number, therapistName: string): Block =>
  paragraph(
    hours > 0
      ? `You can do this up to ${inHours(hours)} before it starts. After that, the page will tell you how to reach ${therapistName}.`
      : `You can do this at any time before it starts.`,
  );

/**
 * Moving or cancelling a booked appointment, worded for what is true of it when the email is
 * written: outside the notice window, the manage link and until when it works; already inside it
 * (a time chosen close to its start), that it cannot be changed online and how to reach the therapist.
 */
export function changeBlocks(
  d: { appointment: AppointmentDetails; manageUrl: string; cancellationNoticeHours: number; therapistName: string },
  writtenAt: Date,
  again = false,
): Block[] {
  const hours = d.cancellationNoticeHours;
  if (!insideNoticeWindow(Date.parse(d.appointment.start), { cancellationNoticeHours: hours }, writtenAt.getTime()))
    return [...manageLink(d.manageUrl, again), noticeWindow(hours, d.therapistName)];
  return [
    paragraph(
      `${d.therapistName} asks for ${hours === 1 ? "one hour's" : `${hours} hours'`} notice to cancel or move an appointment online. This one starts in less than that, so it cannot be changed online. If you need to change it, please write to ${d.therapistName} through their contact page, linked at the end of this email.`,
    ),
    paragraph('You can still see the details here:'),
    button('See your appointment', d.manageUrl),
  ];
}

/** For a request chosen inside the window: the client can still withdraw it, but not once confirmed. */
export function requestNotice(
  d: { appointment: AppointmentDetails; therapistName: string },
  hours: number | undefined,
  writtenAt: Date,
): Block[] {
  if (
    hours === undefined ||
    !insideNoticeWindow(Date.parse(d.appointment.start), { cancellationNoticeHours: hours }, writtenAt.getTime())
  )
    return [];
  return [
    paragraph(
      `It starts in less than ${inHours(hours)}. Until ${d.therapistName} confirms it, you can cancel your request here. Once it is confirmed, it cannot be changed online.`,
    ),
  ];
}

const calendarWords = {
  add: 'A calendar file is attached, so you can add it to your calendar.',
  update: 'The calendar file attached will change the time in your calendar.',
  remove: 'The calendar file attached will take it out of your calendar.',
};

export const calendarNote = (what: keyof typeof calendarWords): Block => paragraph(calendarWords[what]);

export const invite = (event: CalendarEvent | undefined, writtenAt: Date): Attachment[] =>
  event ? [calendarAttachment(event, writtenAt)] : [];
