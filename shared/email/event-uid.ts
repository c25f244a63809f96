/**
 * Calendar event UIDs (RFC 5545: globally unique, the same for every version of one event). A
 * booking's UID is the same in every invite emailed about it and in the therapist's calendar feed,
 * so one calendar never shows the same appointment twice. A tiny module of its own: the booking use
 * cases need the UID without the ICS writer.
 */
export const bookingUid = (bookingId: string): string => `${bookingId}@threshold`;

/** A therapist break, as an all-day event in their calendar feed. */
export const breakUid = (breakId: string): string => `break-${breakId}@threshold`;
