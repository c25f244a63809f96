import { describe, expect, it } from 'vitest';
import { composeMime, messageIdFor, type MimeInput } from '#shared/email/compose.js';

const input: MimeInput = {
  id: '01jabcdefghjkmnpqrstvwxyz0',
  from: { name: 'Sam Rivera', address: 'hello@threshold.test' },
  to: { name: 'Alex Morgan', address: 'alex@client.test' },
  subject: 'Your message to Sam Rivera',
  text: 'Hello Alex Morgan,\n',
  html: '<!doctype html><p>Hello Alex Morgan,</p>',
};

const headersOf = (raw: Buffer) => raw.toString('utf8').split(/\r\n\r\n/)[0]!;

describe('MIME composition', () => {
  it('builds multipart/alternative with the text part first', async () => {
    const raw = (await composeMime(input)).toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
  });

  it('speaks for the therapist from the sending address, with no Reply-To', async () => {
    const headers = headersOf(await composeMime(input));
    expect(headers).toContain('From: Sam Rivera <hello@threshold.test>');
    expect(headers).toContain('To: Alex Morgan <alex@client.test>');
    expect(headers).not.toMatch(/^Reply-To:/im);
  });

  it('derives a stable Message-ID from the outbox id and marks the mail automatic', async () => {
    const headers = headersOf(await composeMime(input));
    expect(headers).toContain(`Message-ID: ${messageIdFor(input.id, input.from.address)}`);
    expect(messageIdFor(input.id, input.from.address)).toBe('<01jabcdefghjkmnpqrstvwxyz0@threshold.test>');
    expect(headers).toContain('Auto-Submitted: auto-generated');
    expect(headers).not.toMatch(/X-Mailer/i);
  });

  it('keeps injected header lines out of From, To and Subject', async () => {
    const headers = headersOf(
      await composeMime({
        ...input,
        from: { name: 'Sam\r\nBcc: a@evil.test', address: 'hello@threshold.test' },
        to: { name: 'Alex\nBcc: b@evil.test', address: 'alex@client.test' },
        subject: 'Hi\r\nBcc: c@evil.test',
      }),
    );
    expect(headers).not.toMatch(/^Bcc:/im);
  });

  it('attaches a calendar invite with its method', async () => {
    const raw = (
      await composeMime({
        ...input,
        attachments: [
          {
            filename: 'invite.ics',
            contentType: 'text/calendar; method=REQUEST',
            content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
          },
        ],
      })
    ).toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: text\/calendar; method=REQUEST; name=invite\.ics/);
  });
});
