/**
 * Every rule of the public enquiry input, one test per rule, through the real handler: the status,
 * the field named in errors[].path, and a message a person can act on. Bad input is never a 5xx.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom, type GivenTherapist } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistReadsEnquiry } from '#test/support/steps/when.js';

useTestEnvironment();

let therapist: GivenTherapist;
beforeAll(async () => {
  therapist = await aTherapist();
});

const valid = (overrides: Record<string, unknown> = {}) => anEnquiryFrom(aClient(), overrides);
const without = (field: string) => {
  const body = valid();
  delete body[field];
  return body;
};
const post = (body: unknown, sourceIp = aClient().sourceIp) =>
  clientSendsEnquiry(therapist.therapistId, body, { sourceIp });

interface ProblemBody {
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

async function expectFieldError(response: ApiReply, path: string, message: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const problem = response.json<ProblemBody>();
  expect(problem.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
}

describe('enquiry fields', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['name is required', without('name'), 'name', /^Please enter your name/],
    ['name may not be blank', valid({ name: '   ' }), 'name', /^Please enter your name/],
    ['name is text', valid({ name: 42 }), 'name', /^Please send your name as text/],
    ['name is at most 100 characters', valid({ name: 'A'.repeat(101) }), 'name', /100 characters or fewer/],
    ['name is one line', valid({ name: 'Alex\nBcc: someone@example.com' }), 'name', /one line/],
    ['email is required', without('email'), 'email', /^Please enter your email address/],
    ['email looks like an address', valid({ email: 'alex@' }), 'email', /like name@example.com/],
    ['email is text', valid({ email: ['alex@example.com'] }), 'email', /as text/],
    ['email is at most 254 characters', valid({ email: `${'a'.repeat(250)}@example.com` }), 'email', /longer than 254/],
    ['phone is a phone number', valid({ phone: 'call me maybe' }), 'phone', /like \+44 7700 900123/],
    ['phone is at most 30 characters', valid({ phone: '1'.repeat(31) }), 'phone', /30 characters or fewer/],
    ['phone is text', valid({ phone: 447700900123 }), 'phone', /as text/],
    [
      'preferredContact is email or phone',
      valid({ preferredContact: 'fax' }),
      'preferredContact',
      /"email" or "phone"/,
    ],
    [
      'phone is needed when phone is preferred',
      valid({ preferredContact: 'phone', phone: undefined }),
      'phone',
      /add a phone number, or choose email/,
    ],
    [
      'message is at most 4,000 characters',
      valid({ message: 'x'.repeat(4001) }),
      'message',
      /4,000 characters or fewer/,
    ],
    ['message is text', valid({ message: { text: 'hi' } }), 'message', /as text/],
    [
      'timePreferences is at most 500 characters',
      valid({ timePreferences: 'x'.repeat(501) }),
      'timePreferences',
      /500 characters or fewer/,
    ],
    ['consent is required', without('consent'), 'consent', /privacy notice/],
    ['consent must be given', valid({ consent: false }), 'consent', /privacy notice/],
    ['consent is the literal true', valid({ consent: 'true' }), 'consent', /consent: true/],
    [
      'consentVersion is a version label',
      valid({ consentVersion: 'v1; drop table' }),
      'consentVersion',
      /letters, digits/,
    ],
    [
      'consentVersion is at most 40 characters',
      valid({ consentVersion: '1'.repeat(41) }),
      'consentVersion',
      /40 characters or fewer/,
    ],
    ['the honeypot is text', valid({ website: 12 }), 'website', /leave this field empty/],
    [
      'unknown fields are refused',
      valid({ favouriteColour: 'green' }),
      'favouriteColour',
      /Unknown field: favouriteColour/,
    ],
  ];
  for (const [rule, body, path, message] of cases)
    it(rule, async () => expectFieldError(await post(body), path, message));

  it('reports one entry per bad field', async () => {
    const response = await post({ name: '', email: 'nope', consent: false });
    expect(response.status).toBe(400);
    expect(
      response
        .json<ProblemBody>()
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['consent', 'email', 'name']);
    expect(response.json<ProblemBody>().detail).toBe('Please fix the 3 fields listed in errors.');
  });

  it('takes a body that is not an object as one error about the whole body', async () => {
    for (const body of [[], 'hello', null, 7]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.json<ProblemBody>().errors).toEqual([
        { path: '(body)', message: 'Please send the enquiry as a JSON object.' },
      ]);
    }
  });

  it('accepts fields at their limits, trims text and normalises the email', async () => {
    const name = 'N'.repeat(100);
    const response = await post(
      valid({
        name: `  ${name} `,
        email: '  Alex.Jones@Example.COM ',
        message: 'm'.repeat(4000),
        timePreferences: ` ${'t'.repeat(500)} `,
        phone: ' ',
        consentVersion: '2025-01.b',
      }),
    );
    expect(response.status).toBe(201);
    const { enquiryId } = response.json<{ enquiryId: string }>();
    const stored = (await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json();
    expect(stored).toMatchObject({
      name,
      email: 'alex.jones@example.com',
      timePreferences: 't'.repeat(500),
      consent: { version: '2025-01.b' },
    });
    expect(stored).not.toHaveProperty('phone');
  });

  it('takes the deployment’s privacy notice version when the form names none', async () => {
    const response = await post(valid());
    const stored = (
      await therapistReadsEnquiry(therapist.therapistId, response.json<{ enquiryId: string }>().enquiryId)
    ).json();
    expect(stored).toMatchObject({ consent: { version: '1' } });
  });

  it('answers 404 for a therapist who does not exist, and for a malformed therapist id', async () => {
    expect((await clientSendsEnquiry(`t-${randomUUID()}`, valid(), aClient())).status).toBe(404);
    expect((await clientSendsEnquiry('not valid!', valid(), aClient())).status).toBe(404);
  });
});

describe('the body as sent', () => {
  const raw = (body: string, contentType = 'application/json') =>
    send({
      method: 'POST',
      path: `/therapists/${therapist.therapistId}/enquiries`,
      body,
      headers: { 'content-type': contentType },
      sourceIp: aClient().sourceIp,
    });

  it('refuses a body over 16 KB with 413', async () => {
    const response = await raw(JSON.stringify(valid({ message: 'x'.repeat(17 * 1024) })));
    expect(response.status).toBe(413);
    expect(response.json<ProblemBody>().detail).toMatch(/16 KB/);
  });

  it('refuses another content type with 415', async () => {
    const response = await raw('name=Alex', 'text/plain');
    expect(response.status).toBe(415);
    expect(response.json<ProblemBody>().detail).toMatch(/application\/json/);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await raw('{"name": "Alex",');
    expect(response.status).toBe(400);
    expect(response.json<ProblemBody>().detail).toBe('The request body is not valid JSON.');
  });

  it('treats an empty body as missing every required field', async () => {
    const response = await raw('');
    expect(
      response
        .json<ProblemBody>()
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['consent', 'email', 'name']);
  });
});

describe('properties', () => {
  it('never answers an arbitrary JSON body with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom(
              'name',
              'email',
              'phone',
              'preferredContact',
              'message',
              'timePreferences',
              'consent',
              'consentVersion',
              'website',
              'other',
            ),
            fc.jsonValue(),
          ),
        ),
        async (body) => {
          const response = await post(body);
          expect(response.status).toBeLessThan(500);
          expect([201, 400]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers an arbitrary raw body with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (body, contentType) => {
          const response = await send({
            method: 'POST',
            path: `/therapists/${therapist.therapistId}/enquiries`,
            body,
            headers: contentType ? { 'content-type': contentType } : {},
            sourceIp: aClient().sourceIp,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });

  const oneLineText = (max: number) =>
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 60) })
      .filter((s) => s.trim().length > 0 && s.trim().length <= max && !/\p{Cc}/u.test(s));
  const freeText = (max: number) =>
    fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => s.trim().length <= max);
  const validBody = fc.record(
    {
      name: oneLineText(100),
      local: fc.stringMatching(/^[a-z0-9_+-]{1,20}$/),
      domain: fc.constantFrom('example.com', 'mail.example.org', 'client.test'),
      phone: fc.stringMatching(/^\+?[0-9][0-9 ]{4,20}[0-9]$/),
      preferredContact: fc.constantFrom('email', 'phone'),
      message: freeText(4000),
      timePreferences: freeText(500),
      consentVersion: fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
    },
    { requiredKeys: ['name', 'local', 'domain'] },
  );

  it('answers every valid body with 201', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async ({ local, domain, ...fields }) => {
        const body = { ...fields, email: `${local}.${randomUUID().slice(0, 8)}@${domain}`, consent: true };
        if (body.preferredContact === 'phone' && !body.phone) body.phone = '+44 7700 900123';
        const response = await post(body);
        expect(response.status, response.text).toBe(201);
      }),
      { numRuns: handlerMode ? 60 : 20 },
    );
  }, 60_000);
});
