/**
 * The raw message as it leaves for SES, read back by an independent parser (mailparser) for every
 * template sample. RFC 5322 (2.1, 2.3) allows CR and LF only together, as CRLF, in headers and
 * body alike; some relays reject a bare LF and others rewrite it, which breaks DKIM body hashes.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { composeMime } from '#shared/email/compose.js';
import { renderMessage } from '#shared/email/render.js';
import { templates } from '#shared/email/templates/index.js';
import { newId } from '#shared/ids.js';
import { samples } from './samples.js';
import { testContactUrl } from './sample.js';

const id = newId(new Date('2025-02-25T09:30:00Z'));
const from = { name: 'Sam Rivera', address: 'hello@threshold.test' };
const to = { name: 'Alex Morgan', address: 'alex@client.test' };

/** Offsets of every LF not preceded by CR, and every CR not followed by LF. */
function strayLineEnds(raw: Buffer): number[] {
  const stray: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0a && raw[i - 1] !== 0x0d) stray.push(i);
    if (raw[i] === 0x0d && raw[i + 1] !== 0x0a) stray.push(i);
  }
  return stray;
}

/** Text parts travel with CRLF line ends (RFC 2046 4.1.1); a reader sees the same lines. */
const lines = (text: string) => text.replace(/\r\n/g, '\n').replace(/\n+$/, '');

describe('every template sample as raw MIME', () => {
  it('covers every template in the catalogue', () => {
    expect(new Set(samples.map((s) => s.template))).toEqual(new Set(Object.keys(templates)));
  });

  describe.each(samples)('$label', ({ template, data }) => {
    const email = renderMessage({ id, template, data }, ukCrisisSupport, testContactUrl);
    let raw: Buffer;
    let parsed: ParsedMail;

    it('ends every line with CRLF, in headers, bodies and attachments', async () => {
      raw = await composeMime({ id, from, to, ...email });
      parsed = await simpleParser(raw);
      expect(strayLineEnds(raw)).toEqual([]);
    });

    it('reads back, through an independent parser, as the message that was rendered', () => {
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.from?.value).toEqual([from]);
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : undefined).toEqual([to]);
      expect(lines(parsed.text ?? '')).toBe(lines(email.text));
      expect(lines(typeof parsed.html === 'string' ? parsed.html : '')).toBe(lines(email.html));
      // Every attachment arrives byte for byte (calendar text is CRLF by its own RFC already).
      expect(parsed.attachments.map((a) => ({ filename: a.filename, content: a.content.toString('utf8') }))).toEqual(
        email.attachments.map((a) => ({ filename: a.filename, content: a.content.toString() })),
      );
      for (const attachment of parsed.attachments) expect(strayLineEnds(attachment.content)).toEqual([]);
    });
  });
});
