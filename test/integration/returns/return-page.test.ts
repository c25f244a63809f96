/**
 * /contact/{therapistId}/return, the return request as a page: the same use case as the JSON API,
 * and the same care. A paused client and a stranger get the same bytes after the same floor; both
 * requests really go their own way (a return request, a new enquiry). Errors keep what was typed.
 */
import { describe, expect, it } from 'vitest';
import { steadyAnswerMs } from '#shared/http/steady-timing.js';
import { clock, handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, type GivenClient } from '#test/support/steps/given.js';
import { therapistListsEnquiries } from '#test/support/steps/when.js';
import { therapistAddsClient, therapistListsReturns } from '../clients/steps.js';

useTestEnvironment();

const returnPage = (therapistId: string) => send({ method: 'GET', path: `/contact/${therapistId}/return` });
const sends = (therapistId: string, person: GivenClient, extra: Record<string, string> = {}) =>
  send({
    method: 'POST',
    path: `/contact/${therapistId}/return`,
    form: {
      name: person.name,
      email: person.email,
      message: 'I would like to start again.',
      consent: 'true',
      consentVersion: '1',
      website: '',
      ...extra,
    },
    sourceIp: person.sourceIp,
  });

const observable = (r: ApiReply) => ({ status: r.status, headers: r.headers, text: r.text });

describe.runIf(handlerMode)('the return page', () => {
  it('asks only for a name, an email, an optional message and consent, with the crisis lines', async () => {
    const therapist = await aTherapist();
    const page = await returnPage(therapist.therapistId);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Get back in touch with Sam Rivera</h1>');
    expect(page.text).toContain('action="return"');
    expect(page.text).toContain(`href="../${therapist.therapistId}"`);
    expect(page.text).toContain('href="../../privacy"');
    expect(page.text).not.toContain('name="phone"');
    expect(page.text).toContain('Samaritans: call 116 123');
  });

  it('answers a known client and a stranger with the same bytes, on the same floor', async () => {
    clock.set('2026-03-10T10:00:00Z');
    const therapist = await aTherapist();
    const known = aClient();
    expect(
      (await therapistAddsClient(therapist.therapistId, { name: known.name, email: known.email, status: 'paused' }))
        .status,
    ).toBe(201);
    const stranger = aClient();

    const timed = async (person: GivenClient) => {
      const started = performance.now();
      const reply = await sends(therapist.therapistId, person);
      return { reply, ms: performance.now() - started };
    };
    const [a, b] = [await timed(known), await timed(stranger)];
    expect(a.reply.status).toBe(200);
    expect(observable(a.reply)).toEqual(observable(b.reply));
    expect(a.reply.text).toContain('Sam Rivera has your message');
    expect(Math.min(a.ms, b.ms)).toBeGreaterThanOrEqual(steadyAnswerMs);

    // The work really went both ways.
    expect(
      (await therapistListsReturns(therapist.therapistId))
        .json<{ items: { email: string }[] }>()
        .items.map((r) => r.email),
    ).toEqual([known.email]);
    expect(
      (await therapistListsEnquiries(therapist.therapistId))
        .json<{ items: { email: string }[] }>()
        .items.map((e) => e.email),
    ).toEqual([stranger.email]);
  });

  it('keeps what was typed when something must change', async () => {
    const therapist = await aTherapist();
    const refused = await sends(therapist.therapistId, aClient({ email: 'not an address' }), {
      consent: '',
      message: 'Still here',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="not an address"');
    expect(refused.text).toContain('>Still here</textarea>');
    expect(refused.text).toContain('<a href="#consent">');
  });

  it('is a kind 404 for a therapist who is not there', async () => {
    expect((await returnPage('t-not-here')).status).toBe(404);
  });
});
