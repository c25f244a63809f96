/**
 * What the booking emails must say beyond the rules every template keeps (templates.test.ts runs
 * those over the booking samples too): the reader's zone, the manage link, the calendar invite on
 * the right messages, and a reminder that says as little as it can.
 */
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { renderMessage } from '#shared/email/render.js';
import { newId } from '#shared/ids.js';
import { appointment, bookingLinks, bookingSamples, calendarEvent } from './booking-samples.js';
import { hrefs } from './html-text.js';
import { property } from './ics-lines.js';
import { testContactUrl } from './sample.js';

const writtenAt = new Date('2025-02-25T09:30:00Z');
const id = newId(writtenAt);
const render = (template: string, data: unknown) =>
  renderMessage({ id, template, data }, ukCrisisSupport, testContactUrl);
const sampleData = (label: string) => {
  const found = bookingSamples.find((s) => s.label === label);
  if (!found) throw new Error(`no sample ${label}`);
  return found.data as Record<string, unknown>;
};
const icsOf = (email: ReturnType<typeof render>) => String(email.attachments[0]!.content);

describe('booking emails', () => {
  it('give the client the time in their own zone, named', () => {
    const email = render('booking-confirmed', {
      ...sampleData('booking-confirmed (video link)'),
      appointment: appointment('America/New_York'),
    });
    expect(email.text).toContain('confirmed for Tuesday 4 March, 05:00 (New York time)');
    expect(email.text).not.toContain('London time');
  });

  it('give the therapist the time in theirs, and the client’s when it differs', () => {
    const request = render('booking-request', sampleData('booking-request (client in another zone)'));
    expect(request.text).toContain('on Tuesday 4 March, 10:00 (London time)');
    expect(request.text).toContain('For Alex Morgan, that is Tuesday 4 March, 05:00 (New York time).');
    const sameZone = render('booking-request', sampleData('booking-request (same zone, in person)'));
    expect(sameZone.text).not.toContain('For Alex Morgan, that is');
  });

  it('let the therapist confirm or decline in one click, and say what happens if nobody answers', () => {
    const email = render('booking-request', sampleData('booking-request (client in another zone)'));
    expect(email.subject).toBe('Appointment request');
    expect(hrefs(email.html)).toEqual([bookingLinks.confirmUrl, bookingLinks.declineUrl, bookingLinks.bookingsUrl]);
    expect(email.text).toContain(
      'If there is no answer by Thursday 27 February, 09:30 (London time), the request will close',
    );
  });

  it('make cancelling as easy as booking: the confirmation carries the manage link', () => {
    const email = render('booking-confirmed', sampleData('booking-confirmed (video link)'));
    expect(email.subject).toBe('Your appointment on Tuesday 4 March');
    expect(email.text).toContain(
      `If you need to move or cancel it, you can do that here:\n\nMove or cancel:\n${bookingLinks.manageUrl}`,
    );
    expect(email.text).toContain('You can do this up to 24 hours before it starts.');
    expect(hrefs(email.html)).toContain(bookingLinks.manageUrl);
  });

  it('say how to join for each kind of appointment', () => {
    const video = render('booking-confirmed', sampleData('booking-confirmed (video link)'));
    expect(video.text).toContain('Join the video call:\nhttps://video.example/sam-rivera');
    const later = render('booking-confirmed', sampleData('booking-confirmed (video link to follow, no notice window)'));
    expect(later.text).toContain('Sam Rivera will send you the link before it starts.');
    const phone = render('booking-confirmed', {
      ...sampleData('booking-confirmed (video link)'),
      appointment: appointment('Europe/London', { kind: 'phone' }),
    });
    expect(phone.text).toContain('It is a phone call.');
    const inPerson = render('booking-reminder', sampleData('booking-reminder (in person)'));
    expect(inPerson.text).toContain('It is in person, at 12 Mill Lane, Bristol BS1 4AA.');
  });

  it('attach the calendar invite exactly where there is a calendar entry to add, change or remove', () => {
    const withInvite = new Map<string, string>();
    for (const s of bookingSamples) {
      const email = render(s.template, s.data);
      const hasIcs = 'ics' in s.data && s.data.ics !== undefined;
      expect(email.attachments.length, s.label).toBe(hasIcs ? 1 : 0);
      if (hasIcs) withInvite.set(s.label, property(icsOf(email), 'METHOD').value);
    }
    expect(Object.fromEntries(withInvite)).toEqual({
      'booking-confirmed (video link)': 'REQUEST',
      'booking-confirmed (chosen inside the notice window)': 'REQUEST',
      'booking-confirmed (video link to follow, no notice window)': 'REQUEST',
      'booking-confirmed-therapist (confirmed by them)': 'REQUEST',
      'booking-confirmed-therapist (auto-confirmed, no link set)': 'REQUEST',
      'booking-cancelled (by the client, confirmed)': 'CANCEL',
      'booking-cancelled (by the client, confirmed, invitation open again)': 'CANCEL',
      'booking-cancelled (by the therapist, note)': 'CANCEL',
      'booking-cancelled-therapist (by the client, with a reason)': 'CANCEL',
      'booking-moved (confirmed)': 'REQUEST',
      'booking-moved-therapist (confirmed)': 'REQUEST',
    });
  });

  it('date the invite by when the message was written, so a resend is the same invite', () => {
    const email = render('booking-confirmed', sampleData('booking-confirmed (video link)'));
    expect(email.attachments[0]).toMatchObject({
      filename: 'invite.ics',
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    });
    expect(property(icsOf(email), 'DTSTAMP').value).toBe('20250225T093000Z');
    expect(render('booking-confirmed', sampleData('booking-confirmed (video link)'))).toEqual(email);
  });

  it('move the calendar entry with the same UID and a higher SEQUENCE', () => {
    const confirmed = icsOf(render('booking-confirmed', sampleData('booking-confirmed (video link)')));
    const moved = icsOf(render('booking-moved', sampleData('booking-moved (confirmed)')));
    expect(property(moved, 'UID').value).toBe(property(confirmed, 'UID').value);
    expect(Number(property(moved, 'SEQUENCE').value)).toBeGreaterThan(Number(property(confirmed, 'SEQUENCE').value));
    expect(property(moved, 'METHOD').value).toBe('REQUEST');
  });

  it('word the change policy for what is true: up to 24 hours before, or, for a time chosen inside the window, that it cannot be changed online', () => {
    const outside = render('booking-confirmed', sampleData('booking-confirmed (video link)'));
    expect(outside.text).toContain('You can do this up to 24 hours before it starts.');
    const inside = render('booking-confirmed', sampleData('booking-confirmed (chosen inside the notice window)'));
    expect(inside.text).not.toContain('up to 24 hours before');
    expect(inside.text).not.toContain('If you need to move or cancel it');
    expect(inside.text).toContain('This one starts in less than that, so it cannot be changed online.');
    expect(inside.text).toContain(`See your appointment:\n${bookingLinks.manageUrl}`);
    const request = render('booking-requested', sampleData('booking-requested (inside the notice window)'));
    expect(request.text).toContain('Once it is confirmed, it cannot be changed online.');
    expect(render('booking-requested', sampleData('booking-requested (video link)')).text).not.toContain(
      'cannot be changed online',
    );
    const reminder = render(
      'booking-reminder',
      sampleData('booking-reminder (a day before, inside the notice window)'),
    );
    expect(reminder.text).not.toContain('If you need to move or cancel it');
    expect(reminder.text).toContain(
      "Sam asks for 24 hours' notice to cancel or move an appointment online. This one starts in less than that",
    );
    expect(reminder.text).not.toMatch(/first|consultation|therap|counsel|session|enquiry|Morgan/i);
  });

  it('tell the client the real time a request is answered by, with its zone', () => {
    const request = render('booking-requested', sampleData('booking-requested (video link)'));
    expect(request.text).toContain('Sam Rivera will reply by Thursday 27 February, 09:30 (London time).');
    const ny = render('booking-requested', sampleData('booking-requested (phone, New York)'));
    expect(ny.text).toContain('Sam Rivera will reply by Thursday 27 February, 04:30 (New York time).');
  });

  it('after a cancellation, offer a way back: another time while the invitation is open, else the contact page', () => {
    const reopened = render(
      'booking-cancelled',
      sampleData('booking-cancelled (by the client, confirmed, invitation open again)'),
    );
    expect(reopened.text).toContain(`Choose another time:\n${bookingLinks.bookingUrl}`);
    expect(reopened.text).toContain('This link stays open until Tuesday 18 March, 12:00 (London time).');
    const closed = render('booking-cancelled', sampleData('booking-cancelled (by the client, confirmed)'));
    expect(closed.text).toContain(
      'If you would like to arrange another time, you can write to Sam Rivera through their contact page, linked below.',
    );
    expect(hrefs(closed.html)).toEqual([testContactUrl]);
  });

  it('give the therapist the number to call for a phone appointment, or say there is none', () => {
    expect(render('booking-request', sampleData('booking-request (phone, with the number to call)')).text).toContain(
      'It is a phone call. Please call them on +44 7700 900123.',
    );
    const without = render('booking-request', {
      ...sampleData('booking-request (phone, with the number to call)'),
      appointment: appointment('Europe/London', { kind: 'phone' }),
    });
    expect(without.text).toContain(
      'They did not give a phone number, so please ask them for one by email before it starts.',
    );
  });

  it('keep the reminder minimal: first names, the time and zone, how to join, how to cancel', () => {
    const email = render('booking-reminder', sampleData('booking-reminder (video)'));
    expect(email.subject).toBe('Your appointment on Tuesday 4 March');
    expect(email.text).toMatch(/^Hello Alex,\n/);
    expect(email.text).toContain('your appointment with Sam on Tuesday 4 March, 10:00 (London time)');
    expect(hrefs(email.html)).toEqual(['https://video.example/sam-rivera', bookingLinks.manageUrl, testContactUrl]);
    // Nothing about what the appointment is for, or that it is a first one.
    expect(email.text).not.toMatch(/first|consultation|therap|counsel|session|enquiry|Morgan/i);
  });

  it('say who cancelled, and carry the therapist’s note only when they cancelled', () => {
    const byClient = render('booking-cancelled', sampleData('booking-cancelled (by the client, confirmed)'));
    expect(byClient.text).toContain(
      'As you asked, your first consultation with Sam Rivera on Tuesday 4 March, 10:00 (London time) is now cancelled.',
    );
    const byTherapist = render('booking-cancelled', sampleData('booking-cancelled (by the therapist, note)'));
    expect(byTherapist.text).toContain('Sam Rivera has had to cancel your first consultation');
    expect(byTherapist.text).toContain('  I am sorry to change our plans.\n  I hope we can find another time.');
    expect(byTherapist.text).toContain('If Sam Rivera can offer you another time, they will send you a new link.');
  });

  it('tell the therapist a client left a reason without showing it', () => {
    const email = render('booking-cancelled-therapist', {
      ...sampleData('booking-cancelled-therapist (by the client, with a reason)'),
      reason: 'SENTINEL-reason',
    });
    expect(email.text).toContain('They left a note with it, which you can read after signing in.');
    expect(email.text + email.html + String(email.attachments[0]?.content)).not.toContain('SENTINEL');
  });

  it('offer another time when the invitation is still open, with when the link closes', () => {
    const declined = render('booking-declined', sampleData('booking-declined (note, another time)'));
    expect(declined.text).toContain(`Choose another time:\n${bookingLinks.bookingUrl}`);
    expect(declined.text).toContain('This link stays open until Tuesday 18 March, 12:00 (London time).');
    expect(hrefs(render('booking-declined', sampleData('booking-declined (no link)')).html)).toEqual([testContactUrl]);
  });

  it('decline a time with one clear next step: another time while the invitation is open, else writing again', () => {
    const open = render('booking-declined', sampleData('booking-declined (note, another time)'));
    const closed = render('booking-declined', sampleData('booking-declined (invitation closed)'));
    expect(open.text).toContain('Choose another time');
    expect(closed.text).not.toContain('Choose another time');
    expect(closed.text).toContain('Write to Sam Rivera:\nhttps://api.threshold.test/contact/demo-therapist');
    for (const email of [open, closed]) {
      expect(email.text).toContain('It is not about you.');
      // "Other counsellors may help" beside "choose another time" reads as a second, hidden no.
      expect(email.text).not.toContain('Other counsellors');
      expect(email.text).toContain('Samaritans: call 116 123');
    }
  });

  it('make closes about fit or time, never the person, with other help', () => {
    for (const label of ['booking-expired (no link)', 'consultation-not-proceeding']) {
      const s = bookingSamples.find((x) => x.label === label)!;
      const email = render(s.template, s.data);
      expect(email.text, label).toMatch(/It is not about you\.|This is not about you/);
      expect(email.text, label).toContain('Other counsellors and services may be able to help.');
      expect(email.text, label).toContain('Samaritans: call 116 123');
    }
  });

  it('use the right article for a session as for a first consultation ("an appointment", never "a appointment")', () => {
    for (const s of bookingSamples) {
      const data = s.data as Record<string, unknown>;
      if (!data.appointment) continue;
      for (const kind of ['consultation', 'session']) {
        const email = render(s.template, { ...data, appointment: { ...(data.appointment as object), kind } });
        expect(`${email.subject}\n${email.text}`, `${s.label} as a ${kind}`).not.toMatch(/\ba appointment\b/i);
      }
    }
  });

  it('refuse a booking message whose invite contradicts itself', () => {
    const data = sampleData('booking-confirmed (video link)');
    expect(() => render('booking-confirmed', { ...data, ics: calendarEvent({ status: 'CANCELLED' }) })).toThrow(
      /Invalid data for booking-confirmed: ics.status/,
    );
    expect(() => render('booking-confirmed', { ...data, ics: undefined })).toThrow(/ics/);
  });
});
