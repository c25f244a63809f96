/**
 * A booking email's calendar invite is stored without what the message already says, and renders
 * exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { defaultPracticeSettings } from '../../../shared/domain/practice-settings.js';
import { ukCrisisSupport } from '../../../shared/config.js';
import { renderMessage } from '../../../shared/email/render.js';
import { fullData, storedData } from '../../../shared/email/stored-invite.js';
import type { StoredBooking } from '../../../shared/store/bookings.js';
import { outboxPut } from '../../../shared/store/outbox.js';
import { confirmedEmails, type BookingContext } from '../../../shared/use-cases/bookings/booking-emails.js';
import { testSettings } from '../../support/environment.js';
import { itemSize } from '../../support/item-size.js';
import { bookingSamples } from './booking-samples.js';

const sender = 'hello@threshold.test';
const withInvite = bookingSamples.filter((s) => (s.data as { ics?: unknown }).ics !== undefined);

describe('a stored calendar invite', () => {
  it.each(withInvite.map((s) => [s.label, s] as const))('renders as it did whole: %s', (_, s) => {
    const stored = storedData(s.data) as { ics: Record<string, unknown> };
    expect(Object.keys(stored.ics)).not.toContain('start');
    expect(Object.keys(stored.ics)).not.toContain('organizer');
    expect(fullData(stored, sender)).toEqual(s.data);
    const render = (data: unknown) => renderMessage({ id: '01jt5ae5n0m8cxyn0c4pw3y0ab', template: s.template, data: fullData(data, sender) }, ukCrisisSupport);
    expect(render(stored)).toEqual(render(s.data));
  });

  it('keeps any field the message does not say again, and leaves an invite stored whole as it was', () => {
    const [first] = withInvite;
    const data = first!.data as unknown as { ics: Record<string, unknown> };
    const elsewhere = { ...data, ics: { ...data.ics, start: '2025-03-04T11:00:00Z', organizer: { name: 'Someone Else', email: 'x@y.test' } } };
    expect((storedData(elsewhere) as typeof data).ics).toMatchObject({ start: '2025-03-04T11:00:00Z', organizer: { name: 'Someone Else' } });
    expect(fullData(storedData(elsewhere), sender)).toEqual(elsewhere);
    expect(fullData(data, 'other@sender.test')).toEqual(data);
  });

  it('makes a booking confirmation about 150 bytes smaller', () => {
    const ctx: BookingContext = {
      therapist: { therapistId: '3f6c2a0e-7b1d-4c9a-9e2f-5d8b1c0a7e64', displayName: 'Sam Rivera', shortName: 'Sam', email: 'sam.rivera@practice.example', timeZone: 'Europe/London', createdAt: '2025-01-01T00:00:00.000Z' },
      therapistZone: 'Europe/London',
      practice: defaultPracticeSettings,
      settings: testSettings({ senderEmail: 'hello@threshold.example', publicBaseUrl: 'https://api.threshold.example' }),
      now: new Date('2026-03-02T09:00:00Z'),
    };
    const booking = {
      bookingId: '01jnq3v6k8z2x4c9m1p7r5t3w0',
      therapistId: ctx.therapist.therapistId,
      kind: 'consultation',
      status: 'confirmed',
      invitationId: '01jnq3v6k8z2x4c9m1p7r5t3w1',
      client: { name: 'Alex Morgan', email: 'alex.morgan@example.com' },
      start: '2026-03-04T10:00:00.000Z',
      end: '2026-03-04T10:50:00.000Z',
      clientTimeZone: 'Europe/London',
      sequence: 0,
      mode: { kind: 'video', link: 'https://meet.example/sam-rivera' },
    } as StoredBooking;
    for (const message of confirmedEmails(ctx, booking, `https://api.threshold.example/manage/${'x'.repeat(43)}`, true)) {
      const put = outboxPut('threshold-prod', message, ctx.now).Put!.Item!;
      // Measured: 1,165 and 1,192 bytes whole, 1,012 and 1,039 stored.
      expect(itemSize({ ...put, message }) - itemSize(put), message.template).toBeGreaterThanOrEqual(150);
    }
  });
});
