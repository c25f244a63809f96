/**
 * Nodemailer's MIME type table and HTTP client are replaced in Lambda bundles (substitutes.ts,
 * `lambdaFileSubstitutes`). The substitutes answer as nodemailer does for everything the mailer could
 * ask of them, and a message composed in a bundle is the message composed outside one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { simpleParser } from 'mailparser';
import * as nodemailerTypes from 'nodemailer/lib/mime-funcs/mime-types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '#infra/constructs/bundling.js';
import { lambdaFileSubstitutes } from '#infra/constructs/substitutes.js';
import * as substituteTypes from '#infra/constructs/mail-mime-types.js';
import { ukCrisisSupport } from '#shared/config.js';
import { composeMime, type MimeInput } from '#shared/email/compose.js';
import { renderMessage } from '#shared/email/render.js';
import { newId } from '#shared/ids.js';
import { samples } from '../unit/email/samples.js';
import { testContactUrl } from '../unit/email/sample.js';

describe("the MIME type table's substitute", () => {
  // Every content type the mailer sends, as the composer sees it (text and HTML parts carry a
  // charset, the invite a method), and every file name it gives an attachment.
  const contentTypes = [
    'text/plain',
    'text/html',
    'text/calendar',
    'text/plain; charset=utf-8',
    'text/html; charset=utf-8',
    'text/calendar; charset=utf-8; method=REQUEST',
    'text/calendar; charset=utf-8; method=CANCEL',
    ' Text/Calendar ',
  ];
  const fileNames = ['invite.ics', 'ics', 'txt', 'html', 'INVITE.ICS', 'invite.ics?x=1', 'invite', '', undefined];

  it.each(contentTypes)('gives %j the extension nodemailer gives it', (type) => {
    expect(substituteTypes.detectExtension(type)).toBe(nodemailerTypes.detectExtension(type));
  });

  it.each(fileNames)('gives %j the content type nodemailer gives it', (name) => {
    expect(substituteTypes.detectMimeType(name)).toBe(nodemailerTypes.detectMimeType(name as string));
  });

  it("falls back to nodemailer's defaults for a type or name it does not know", () => {
    expect(substituteTypes.detectExtension('application/x-unknown')).toBe(
      nodemailerTypes.detectExtension('application/x-unknown'),
    );
    expect(substituteTypes.detectExtension('text/x-unknown')).toBe(nodemailerTypes.detectExtension('text/x-unknown'));
    expect(substituteTypes.detectExtension(undefined)).toBe(
      nodemailerTypes.detectExtension(undefined as unknown as string),
    );
    expect(substituteTypes.detectMimeType('file.x-unknown')).toBe(nodemailerTypes.detectMimeType('file.x-unknown'));
  });
});

describe("the HTTP client's substitute", () => {
  it('refuses as the composer does when URL access is disabled, without a request', async () => {
    // Built as a bundle builds it: CommonJS TypeScript, which vitest itself does not load.
    const dir = mkdtempSync(join(tmpdir(), 'threshold-fetch-'));
    const outfile = join(dir, 'fetch.mjs');
    await build({
      ...lambdaBuildOptions,
      entryPoints: [lambdaFileSubstitutes['nodemailer/lib/fetch/index.js']!],
      outfile,
      logLevel: 'error',
    });
    const { default: fetchRefused } = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as {
      default: (url: string) => NodeJS.ReadableStream;
    };
    // Port 9 on loopback refuses connections: a request would fail with ECONNREFUSED instead.
    const failure = await new Promise<Error>((resolve) =>
      fetchRefused('http://127.0.0.1:9/invite.ics').on('error', resolve),
    );
    expect(failure.message).toBe('Url access rejected for http://127.0.0.1:9/invite.ics');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a message composed in a Lambda bundle', () => {
  let dir: string;
  let bundled: { composeMime: typeof composeMime };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'threshold-compose-'));
    const outfile = join(dir, 'compose.mjs');
    const { metafile } = await build({
      ...lambdaBuildOptions,
      entryPoints: ['shared/email/compose.ts'],
      outfile,
      metafile: true,
      logLevel: 'error',
    });
    // The bundle under test is the substituted one.
    expect(
      Object.keys(metafile.inputs).filter((i) => /nodemailer\/lib\/(mime-funcs\/mime-types|fetch\/)/.test(i)),
    ).toEqual([]);
    bundled = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as typeof bundled;
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Multipart boundaries are random per message; everything else is fixed by the input.
  const withoutBoundaries = (raw: Buffer) =>
    raw.toString('utf8').replace(/_NmP-[0-9a-f]{16}-Part_/g, '_NmP-boundary-Part_');

  describe.each(samples)('$label', ({ template, data }) => {
    const email = renderMessage(
      { id: newId(new Date('2025-02-25T09:30:00Z')), template, data },
      ukCrisisSupport,
      testContactUrl,
    );
    const input: MimeInput = {
      id: '01jabcdefghjkmnpqrstvwxyz0',
      from: { name: 'Sam Rivera', address: 'hello@threshold.test' },
      to: { name: 'Alex Morgan', address: 'alex@client.test' },
      date: new Date('2025-02-25T09:30:00Z'),
      ...email,
    };

    it('is byte for byte the one nodemailer composes outside it, and reads back the same', async () => {
      const [outside, inside] = await Promise.all([composeMime(input), bundled.composeMime(input)]);
      expect(withoutBoundaries(inside)).toBe(withoutBoundaries(outside));
      const [a, b] = await Promise.all([simpleParser(outside), simpleParser(inside)]);
      expect({
        text: b.text,
        html: b.html,
        subject: b.subject,
        attachments: b.attachments.map((x) => [x.contentType, x.filename, x.content.toString()]),
      }).toEqual({
        text: a.text,
        html: a.html,
        subject: a.subject,
        attachments: a.attachments.map((x) => [x.contentType, x.filename, x.content.toString()]),
      });
    });
  });
});
