/**
 * A booking email's calendar invite is stored without what the message already says, and renders
 * exactly as before: the same email and the same calendar entry, read back by independent parsers
 * (mailparser, ical.js). Every booking email's outbox item then fits one DynamoDB write unit.
 */
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { composeMime } from '#shared/email/compose.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { renderMessage } from '#shared/email/render.js';
import { inviteTemplates, storedMessage, wholeMessage } from '#shared/email/stored-invite.js';
import { templates } from '#shared/email/templates/index.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { createDocumentClient, openStore } from '#shared/store/index.js';
import { itemSize } from '#test/support/item-size.js';
import { bookingEmails, modes, practice } from './booking-outbox-fixtures.js';
import { bookingSamples } from './booking-samples.js';
import { testContactUrl } from './sample.js';

/** Item builders only: nothing here reaches a table. */
const store = openStore({ db: createDocumentClient({ region: 'eu-west-2' }), tableName: 'threshold-prod' });

type Invite = Record<string, unknown>;
const icsOf = (m: { data: unknown }): Invite | undefined => (m.data as { ics?: Invite }).ics;
const sender = (m: OutboxMessage): string => (icsOf(m)!.organizer as { email: string }).email;

/** The email as a recipient's software reads it: the parsed MIME, and the parsed calendar entry. */
async function received(message: OutboxMessage) {
  const email = renderMessage(message, ukCrisisSupport, testContactUrl);
  const raw = await composeMime({
    id: message.id,
    from: { name: message.fromName, address: 'hello@threshold.example' },
    to: { name: message.to.name, address: message.to.email },
    ...email,
  });
  const parsed = await simpleParser(raw);
  const calendar = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  return {
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content.toString('utf8'),
    })),
    calendar: calendar ? new ICAL.Component(ICAL.parse(calendar.content.toString('utf8'))).toJSON() : undefined,
  };
}

const withInvite = [
  ...bookingEmails('ordinary', 'video'),
  ...modes.flatMap((mode) => bookingEmails('long', mode)),
  ...bookingEmails('ordinary', 'video, no link yet'),
].filter(({ message }) => icsOf(message) !== undefined);

describe('a stored calendar invite', () => {
  it('is kept for exactly the templates whose data carries one, each read by its own audience', () => {
    for (const [name, { reader }] of Object.entries(inviteTemplates))
      expect(templates[name as keyof typeof templates].audience, name).toBe(reader);
    const carrying = new Set(
      bookingEmails('ordinary', 'video').flatMap(({ message }) => (icsOf(message) ? [message.template] : [])),
    );
    expect(new Set(Object.keys(inviteTemplates))).toEqual(carrying);
  });

  it.each(withInvite.map(({ label, message }) => [label, message] as const))(
    'keeps only what the message does not say, and renders the same email and calendar entry: %s',
    async (_, message) => {
      const stored = storedMessage(message);
      const kept = Object.keys(icsOf(stored)!);
      expect(kept.filter((k) => !['uid', 'sequence', 'attendees'].includes(k))).toEqual([]);
      // The client's copy goes to the attendee's own address; the therapist's keeps the client's address, without the name.
      expect(icsOf(stored)!.attendees).toEqual(
        message.to.email === (icsOf(message)!.attendees as { email: string }[])[0]!.email
          ? undefined
          : [{ email: expect.any(String) }],
      );
      const whole = wholeMessage(stored, sender(message));
      expect(whole).toEqual(message);
      const [before, after] = await Promise.all([received(message), received(whole)]);
      expect(after).toEqual(before);
      expect(after.calendar).toBeDefined();
    },
  );

  it.each(bookingSamples.filter((s) => icsOf(s) !== undefined).map((s) => [s.label, s] as const))(
    'renders a sample as it did whole, differing fields and all: %s',
    (_, s) => {
      const message = {
        id: '01jt5ae5n0m8cxyn0c4pw3y0ab',
        therapistId: 't1',
        fromName: 'Sam Rivera',
        to: { email: 'alex@client.test', name: 'Alex Morgan' },
        template: s.template,
        data: s.data,
      } as OutboxMessage;
      const stored = storedMessage(message);
      expect(Object.keys(icsOf(stored)!)).not.toContain('start');
      expect(wholeMessage(stored, 'hello@threshold.test')).toEqual(message);
      expect(renderMessage(wholeMessage(stored, 'hello@threshold.test'), ukCrisisSupport, testContactUrl)).toEqual(
        renderMessage(message, ukCrisisSupport, testContactUrl),
      );
    },
  );

  it('keeps any field the message does not say again', () => {
    const { message } = bookingEmails('ordinary', 'video').find((e) => e.message.template === 'booking-confirmed')!;
    const ics = icsOf(message)!;
    const elsewhere = {
      ...message,
      data: {
        ...message.data,
        ics: {
          ...ics,
          start: '2026-03-04T11:00:00.000Z',
          summary: 'Something else',
          organizer: { name: 'Someone Else', email: 'x@y.test' },
          attendees: [{ name: 'Alex', email: 'other@client.test' }],
        },
      },
    } as OutboxMessage;
    expect(icsOf(storedMessage(elsewhere))).toMatchObject({
      start: '2026-03-04T11:00:00.000Z',
      summary: 'Something else',
      organizer: { name: 'Someone Else' },
      attendees: [{ name: 'Alex', email: 'other@client.test' }],
    });
    expect(wholeMessage(storedMessage(elsewhere), 'hello@threshold.example')).toEqual(elsewhere);
    // A location the words would not give (here none at all) keeps its description with it.
    const { location: _, ...noLocation } = ics;
    const without = { ...message, data: { ...message.data, ics: noLocation } } as unknown as OutboxMessage;
    expect(icsOf(storedMessage(without))).toHaveProperty('description');
    expect(wholeMessage(storedMessage(without), 'hello@threshold.example')).toEqual(without);
  });

  it('renders an item queued before this change, whole or with the earlier stored form, as it did', async () => {
    for (const { message } of withInvite.slice(0, 6)) {
      expect(wholeMessage(message, 'another@sender.test')).toEqual(message);
      // The earlier form left out only start, end, zone, status and organizer.
      const { start: _s, end: _e, timeZone: _z, status: _t, organizer: _o, ...earlier } = icsOf(message)!;
      const queued = { ...message, data: { ...message.data, ics: earlier } } as unknown as OutboxMessage;
      expect(await received(wholeMessage(queued, sender(message)))).toEqual(await received(message));
    }
  });
});

describe("a booking email's outbox item", () => {
  const ordinary = modes.flatMap((mode) => bookingEmails('ordinary', mode));
  const { ctx } = practice('ordinary', 'video');

  it.each(ordinary.map(({ label, message }) => [label, message] as const))(
    'fits one write unit with ordinary names and links: %s',
    (_, message) => {
      // Re-drive keys included: every item is written with them.
      expect(itemSize(outboxPut(store, message, ctx.now).Put!.Item!)).toBeLessThanOrEqual(1024);
    },
  );

  it('was two write units with the invite stored whole (the measure can fail)', () => {
    const confirmed = ordinary.filter(({ label }) => label.includes('(confirmed; ordinary, video)'));
    for (const { message } of confirmed)
      expect(itemSize({ ...outboxPut(store, message, ctx.now).Put!.Item!, message })).toBeGreaterThan(1024);
  });
});
