/**
 * What the outbox keeps of a booking email's calendar invite. The invite repeated what the message
 * already holds: the appointment's start, end and zone, a status that follows from the method, and
 * the therapist as organizer at the deployment's sender address. Stored twice, that took a booking
 * confirmation past 1 KB, which DynamoDB bills as two write units (four inside a transaction).
 *
 * `storedData` leaves out each of those fields only when it is exactly what `fullData` will rebuild
 * (the organizer's address is always the sender's: booking-emails.ts says why), so what is
 * rendered never changes. An item stored whole renders as it always did.
 */
type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const statusOf = (method: unknown): string => (method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');

/** The message data as the outbox stores it. */
export function storedData(data: unknown): unknown {
  if (!isFields(data) || !isFields(data.ics) || !isFields(data.appointment)) return data;
  const { ics, appointment } = data;
  const kept: Fields = { ...ics };
  if (ics.start === appointment.start && ics.end === appointment.end && ics.timeZone === appointment.timeZone) {
    delete kept.start;
    delete kept.end;
    delete kept.timeZone;
  }
  if (ics.status === statusOf(ics.method)) delete kept.status;
  const organizer = ics.organizer;
  if (isFields(organizer) && Object.keys(organizer).length === 2 && organizer.name === data.therapistName && typeof organizer.email === 'string') delete kept.organizer;
  return { ...data, ics: kept };
}

/** The message data as its template reads it, with the invite whole again. */
export function fullData(data: unknown, senderEmail: string | undefined): unknown {
  if (!isFields(data) || !isFields(data.ics) || !isFields(data.appointment)) return data;
  const { ics, appointment } = data;
  return {
    ...data,
    ics: {
      ...ics,
      ...('status' in ics ? {} : { status: statusOf(ics.method) }),
      ...('start' in ics ? {} : { start: appointment.start, end: appointment.end, timeZone: appointment.timeZone }),
      ...('organizer' in ics || senderEmail === undefined ? {} : { organizer: { name: data.therapistName, email: senderEmail } }),
    },
  };
}
