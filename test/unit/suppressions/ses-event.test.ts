/**
 * Reading SES bounce and complaint events (EventBridge, default bus) into what the suppressions
 * function does: permanent bounces and complaints suppress, transient bounces and not-spam reports
 * do not, anything else is not ours. The samples in events/ are the shapes SES publishes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSesFeedback, SesEventInvalid } from '#functions/suppressions/ses-event.js';
import { suppressionDays, suppressionItem } from '#shared/store/suppressions.js';
import { keys } from '#shared/store/keys.js';

type Json = Record<string, any>;
const sample = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));
const bounce = (change: (e: Json) => void = () => undefined): Json => {
  const event = sample('ses-bounce.json');
  change(event);
  return event;
};
const complaint = (change: (e: Json) => void = () => undefined): Json => {
  const event = sample('ses-complaint.json');
  change(event);
  return event;
};

describe('suppressions: reading SES events', () => {
  it('reads a permanent bounce: the recipients, when, and the outbox id and SES message id from the mail', () => {
    expect(readSesFeedback(bounce())).toEqual({
      kind: 'suppress',
      detailType: 'Email Bounced',
      reason: 'bounce',
      addresses: ['no-such-person@example.org'],
      at: new Date('2026-11-26T09:00:03.512Z'),
      outboxId: '01kaxk7w00sample0outbox0001',
      providerMessageId: '0102019a5c3e7a0f-7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a-000000',
      configurationSet: 'threshold-dev',
    });
  });

  it('reads a complaint the same way', () => {
    expect(readSesFeedback(complaint())).toMatchObject({
      kind: 'suppress',
      detailType: 'Email Complaint Received',
      reason: 'complaint',
      addresses: ['jordan.lee@example.net'],
      at: new Date('2026-11-26T11:42:16.000Z'),
      outboxId: '01kaxm2q00sample0outbox0002',
    });
  });

  it('suppresses every recipient a bounce names', () => {
    const event = bounce((e) =>
      e.detail.bounce.bouncedRecipients.push({ emailAddress: 'second@example.org', action: 'failed', status: '5.1.1' }),
    );
    expect(readSesFeedback(event)).toMatchObject({
      kind: 'suppress',
      addresses: ['no-such-person@example.org', 'second@example.org'],
    });
  });

  it.each(['Transient', 'Undetermined'])(
    'does not suppress on a %s bounce: the address may work tomorrow',
    (bounceType) => {
      const event = bounce((e) => {
        e.detail.bounce.bounceType = bounceType;
        e.detail.bounce.bounceSubType = bounceType === 'Transient' ? 'MailboxFull' : 'Undetermined';
      });
      expect(readSesFeedback(event)).toEqual({
        kind: 'not-suppressing',
        detailType: 'Email Bounced',
        why: `${bounceType} bounce`,
        recipients: 1,
        outboxId: '01kaxk7w00sample0outbox0001',
        configurationSet: 'threshold-dev',
      });
    },
  );

  it('suppresses a bounce SES reports for an address on its own suppression list (still Permanent)', () => {
    const event = bounce((e) => (e.detail.bounce.bounceSubType = 'OnAccountSuppressionList'));
    expect(readSesFeedback(event)).toMatchObject({ kind: 'suppress', reason: 'bounce' });
  });

  it('does not suppress on a not-spam feedback report', () => {
    const event = complaint((e) => (e.detail.complaint.complaintFeedbackType = 'not-spam'));
    expect(readSesFeedback(event)).toMatchObject({ kind: 'not-suppressing', why: 'not-spam report', recipients: 1 });
  });

  it('suppresses a complaint without a feedback report (no complaintFeedbackType)', () => {
    const event = complaint((e) => delete e.detail.complaint.complaintFeedbackType);
    expect(readSesFeedback(event)).toMatchObject({ kind: 'suppress', reason: 'complaint' });
  });

  it.each([
    ['a scheduled event', sample('sweep-scheduled.json')],
    ['another SES event', bounce((e) => (e['detail-type'] = 'Email Delivered'))],
    ['a look-alike from another source', bounce((e) => (e.source = 'custom.ses'))],
    ['no event at all', null],
    ['a string', 'Email Bounced'],
  ])('leaves %s alone', (_name, event) => {
    expect(readSesFeedback(event)).toMatchObject({ kind: 'other' });
  });

  it('names an unrelated event by its detail-type only', () => {
    expect(readSesFeedback(sample('sweep-scheduled.json'))).toEqual({ kind: 'other', detailType: 'Scheduled Event' });
  });

  it('works without our tags (an email sent outside the mailer): no outbox id', () => {
    const event = bounce((e) => (e.detail.mail.tags = { 'ses:configuration-set': ['threshold-dev'] }));
    const read = readSesFeedback(event);
    expect(read).toMatchObject({ kind: 'suppress', reason: 'bounce' });
    expect(read).not.toHaveProperty('outboxId');
  });

  it('drops an outbox id tag that is not one of ours rather than store or log it', () => {
    const event = bounce((e) => (e.detail.mail.tags.outboxId = ['someone@example.org']));
    expect(readSesFeedback(event)).not.toHaveProperty('outboxId');
  });

  it("falls back to the event's time when the bounce has no timestamp", () => {
    const event = bounce((e) => delete e.detail.bounce.timestamp);
    expect(readSesFeedback(event)).toMatchObject({ at: new Date('2026-11-26T09:00:04Z') });
  });

  it.each([
    ['no recipients list', (e: Json) => delete e.detail.bounce.bouncedRecipients],
    ['a recipient without an address', (e: Json) => (e.detail.bounce.bouncedRecipients = [{ action: 'failed' }])],
    ['no bounce object', (e: Json) => delete e.detail.bounce],
    ['no mail object', (e: Json) => delete e.detail.mail],
    ['no timestamp anywhere', (e: Json) => (delete e.detail.bounce.timestamp, delete e.time)],
  ])('refuses a bounce event with %s, naming paths but never the addresses', (_name, change) => {
    const event = bounce(change);
    let thrown: unknown;
    try {
      readSesFeedback(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SesEventInvalid);
    expect((thrown as Error).message).toMatch(/^Email Bounced event not understood: /);
    expect((thrown as Error).message).not.toMatch(/@|no-such-person/);
  });

  it('refuses a complaint without its recipients list', () => {
    expect(() => readSesFeedback(complaint((e) => delete e.detail.complaint.complainedRecipients))).toThrow(
      SesEventInvalid,
    );
  });
});

describe('suppressions: the item', () => {
  const at = new Date('2026-11-26T09:00:03.512Z');
  const day = 86_400;

  it('is keyed by the email hash and holds no address', () => {
    const item = suppressionItem('hash-1', { reason: 'bounce', at, outboxId: 'o-1', providerMessageId: 'p-1' });
    expect(item).toEqual({
      ...keys.suppression('hash-1'),
      entity: 'suppression',
      reason: 'bounce',
      at: '2026-11-26T09:00:03.512Z',
      outboxId: 'o-1',
      providerMessageId: 'p-1',
      ttl: Math.floor(at.getTime() / 1000) + 365 * day,
    });
  });

  it('keeps a complaint for two years and a bounce for one', () => {
    expect(suppressionDays).toEqual({ bounce: 365, complaint: 730 });
    const base = Math.floor(at.getTime() / 1000);
    expect(suppressionItem('h', { reason: 'complaint', at }).ttl).toBe(base + 730 * day);
    expect(suppressionItem('h', { reason: 'bounce', at }).ttl).toBe(base + 365 * day);
  });

  it('is the same item for the same event (idempotent rewrite)', () => {
    expect(suppressionItem('h', { reason: 'bounce', at: new Date(at) })).toEqual(
      suppressionItem('h', { reason: 'bounce', at: new Date(at) }),
    );
  });
});
