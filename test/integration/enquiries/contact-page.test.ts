/**
 * The contact page is a second adapter over first contact: the same use case, the same checks and
 * the same answers as POST /therapists/{id}/enquiries, as pages that keep what a person typed. And
 * it may be framed only by the deployment's embedding origins and the therapist's own.
 */
import { describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { setPublicSettings } from '#shared/store/therapists.js';
import { clock, handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, secretMessage, type GivenClient } from '#test/support/steps/given.js';
import { therapistListsEnquiries } from '#test/support/steps/when.js';
import { emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';

useTestEnvironment({ embedOrigins: ['https://directory.example'], rateLimitPerEmailPerDay: 2 });

const contactPage = (therapistId: string) => send({ method: 'GET', path: `/contact/${therapistId}` });
const sends = (therapistId: string, form: Record<string, string>, from: Pick<GivenClient, 'sourceIp'>) =>
  send({ method: 'POST', path: `/contact/${therapistId}`, form, sourceIp: from.sourceIp });
const formOf = (client: GivenClient, extra: Record<string, string> = {}) => ({
  name: client.name,
  email: client.email,
  message: secretMessage(),
  consent: 'true',
  consentVersion: '1',
  website: '',
  ...extra,
});
/** The page's text without tags, for reading what it says. */
const words = (reply: ApiReply) => reply.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.runIf(handlerMode)('the contact page', () => {
  it('shows who reads the message, by when they reply, the crisis lines and the form, before anything is sent', async () => {
    clock.set('2026-03-03T10:00:00Z'); // a Tuesday
    const therapist = await aTherapist();
    const page = await contactPage(therapist.therapistId);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = words(page);
    expect(text).toContain('Write to Sam Rivera');
    expect(text).toContain('It can be short, and only Sam will read it.');
    expect(text).toContain('Sam reads it and replies to you personally by Thursday 5 March.');
    expect(text).toContain('Samaritans: call 116 123, free, day or night');
    expect(text).toContain('These numbers are for the UK.');
    for (const field of [
      'name',
      'email',
      'phone',
      'preferredContact',
      'message',
      'timePreferences',
      'consent',
      'website',
    ])
      expect(page.text).toContain(`name="${field}"`);
    expect(page.text).toContain('href="../privacy"');
    // The example of times to mention assumes nothing about the therapist's own hours.
    expect(text).toContain('For example, the days and the times of day that are easiest for you.');
    expect(text).not.toMatch(/evenings|Saturday/);
    // Framed only by the deployment's embedding origins (this therapist has none of their own).
    expect(page.headers['content-security-policy']).toContain('frame-ancestors https://directory.example;');
    expect(page.headers['content-security-policy']).toContain("script-src 'none'");
  });

  it('sends through the same use case: the enquiry is stored, the client acknowledged, and the page says so', async () => {
    clock.set('2026-03-03T10:00:00Z');
    const therapist = await aTherapist();
    const client = aClient();
    const form = formOf(client, { phone: '+44 7700 900123', preferredContact: 'phone', timePreferences: 'Evenings' });
    const answer = await sends(therapist.therapistId, form, client);
    expect(answer.status).toBe(200);
    expect(words(answer)).toContain('Sam Rivera has your message');
    expect(words(answer)).toContain('reply to you personally by Thursday 5 March');
    expect(words(answer)).toContain('Samaritans');
    expect(answer.text).not.toContain(form.message);

    const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{
      items: { name: string; preferredContact: string; hasMessage: boolean; consent: { version: string } }[];
    }>().items;
    expect(inbox).toEqual([
      expect.objectContaining({
        name: client.name,
        preferredContact: 'phone',
        hasMessage: true,
        consent: expect.objectContaining({ version: '1' }),
      }),
    ]);
    await theOutboxIsDelivered();
    expect((await emailsArriveFor(client.email))[0]!.subject).toBe('Your message to Sam Rivera');
  });

  it('keeps what was typed and says next to each field what to change', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const typed = {
      name: 'Jo <b>',
      email: 'jo at example',
      message: 'Words I would hate to type again & again',
      preferredContact: 'phone',
      consentVersion: '1',
    };
    const refused = await sends(therapist.therapistId, typed, client);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<title>Error: Write to Sam Rivera</title>');
    // What was typed is still there, escaped.
    expect(refused.text).toContain('value="Jo &lt;b&gt;"');
    expect(refused.text).toContain('value="jo at example"');
    expect(refused.text).toContain('>Words I would hate to type again &amp; again</textarea>');
    expect(refused.text).toMatch(/value="phone" checked/);
    // Each problem beside its field and in the summary, which links to it.
    expect(refused.text).toContain(
      'id="email-error"><span class="visually-hidden">Error: </span>Please enter your email address, like name@example.com.',
    );
    // An address with everything but a full domain is said to look incomplete, not asked for again.
    const incomplete = await sends(therapist.therapistId, { ...typed, email: 'jo@example' }, client);
    expect(incomplete.text).toContain(
      'id="email-error"><span class="visually-hidden">Error: </span>This email address looks incomplete — it needs a full domain, like name@example.com.',
    );
    expect(refused.text).toContain('aria-describedby="email-hint email-error" aria-invalid="true"');
    expect(refused.text).toContain(
      '<a href="#consent">Please tick the box to say you have read the privacy notice and agree to it.</a>',
    );
    expect(refused.text).toContain(
      '<div class="error-summary" role="alert" id="error-summary" tabindex="-1" autofocus>',
    );
    // Once the rest is right, the rule across fields: phone chosen, no number.
    const noPhone = await sends(
      therapist.therapistId,
      { ...typed, name: 'Jo', email: 'jo@example.com', consent: 'true' },
      client,
    );
    expect(noPhone.status).toBe(400);
    expect(noPhone.text).toContain(
      '<a href="#phone">Please add a phone number, or choose email as the way to contact you.</a>',
    );
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('answers a second message the same day, and a bot, exactly as it answers a first message', async () => {
    clock.set('2026-03-03T10:00:00Z');
    const therapist = await aTherapist();
    const client = aClient();
    const first = await sends(therapist.therapistId, formOf(client), client);
    const again = await sends(therapist.therapistId, formOf(client), client);
    const bot = aClient();
    const caught = await sends(therapist.therapistId, formOf(bot, { website: 'https://spam.example' }), bot);
    for (const reply of [again, caught]) {
      expect(reply.status).toBe(first.status);
      expect(reply.text).toBe(first.text);
    }
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('after a rate limit keeps the message and says when to send again, without blame', async () => {
    clock.set('2026-03-03T10:00:00Z');
    const [a, b, c] = [await aTherapist(), await aTherapist(), await aTherapist()];
    const client = aClient();
    expect((await sends(a.therapistId, formOf(client), client)).status).toBe(200);
    expect((await sends(b.therapistId, formOf(client), client)).status).toBe(200);
    const form = formOf(client);
    const limited = await sends(c.therapistId, form, client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const text = words(limited);
    expect(text).toContain('We could not send this just now');
    expect(text).toMatch(/You can send it after \w+day \d+ March, \d\d:\d\d \(London time\)\./);
    expect(text).toContain('Nothing is wrong with what you wrote');
    expect(limited.text).toContain(`${form.message}</textarea>`);
    expect(limited.text).not.toContain('id="error-summary"');
    expect(limited.text).toContain('id="form-notice"');
  });

  it('is a kind 404 for a therapist who is not there, with the crisis lines', async () => {
    const missing = await contactPage('t-not-here');
    expect(missing.status).toBe(404);
    expect(words(missing)).toContain('We could not find this page');
    expect(words(missing)).toContain('Samaritans');
    const posted = await sends('t-not-here', formOf(aClient()), aClient());
    expect(posted.status).toBe(404);
    expect((await contactPage('not a valid id!')).status).toBe(404);
  });

  it('may be framed by the therapist’s own website as well as the deployment’s', async () => {
    const therapist = await aTherapist();
    const { db, config } = getRuntime();
    await setPublicSettings(db, config.tableName, therapist.therapistId, {
      embedOrigins: ['https://sam-rivera.example', 'https://directory.example'],
    });
    const csp = (await contactPage(therapist.therapistId)).headers['content-security-policy']!;
    expect(csp).toContain('frame-ancestors https://directory.example https://sam-rivera.example;');
    // Other pages keep refusing every frame.
    expect((await send({ method: 'GET', path: '/privacy' })).headers['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    );
  });

  it('links a privacy notice that says what is kept, for how long, and who reads it', async () => {
    const notice = await send({ method: 'GET', path: '/privacy' });
    expect(notice.status).toBe(200);
    expect(words(notice)).toContain('Only the person you write to can read your message.');
    expect(words(notice)).toContain('deleted 90 days after your message is closed');
    expect(words(notice)).toContain(
      'you can ask the counsellor or therapist you wrote to what is kept about you. They will show it to you, correct it or delete it',
    );
    expect(words(notice)).not.toMatch(/\bto to\b/);
  });
});
