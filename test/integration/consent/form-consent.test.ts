/**
 * Consent from a page is the value the page's own box sends, and nothing else: "false", "no", "0",
 * "off" or any other word re-shows the form with what was typed, a plain sentence beside the box,
 * and nothing stored, at both doors that ask for it (first contact and coming back).
 */
import { describe, expect, it } from 'vitest';
import { checkboxValue } from '#shared/http/pages/form-fields.js';
import { handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, type GivenClient } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistListsEnquiries } from '#test/support/steps/when.js';
import { therapistAddsClient, therapistListsReturns } from '../clients/steps.js';

useTestEnvironment({ rateLimitPerEmailPerDay: 100 });

const doors = {
  contact: (therapistId: string) => `/contact/${therapistId}`,
  return: (therapistId: string) => `/contact/${therapistId}/return`,
} as const;

const posts = (path: string, person: GivenClient, consent: string | undefined): Promise<ApiReply> =>
  send({
    method: 'POST',
    path,
    form: {
      name: person.name,
      email: person.email,
      message: 'Words kept & shown again',
      consentVersion: '1',
      website: '',
      ...(consent === undefined ? {} : { consent }),
    },
    sourceIp: person.sourceIp,
  });

const notConsent = ['false', 'no', '0', 'off', 'FALSE', 'on', 'yes', 'True', ' true', 'true ', '1', ''];
const sentence = 'Please tick the box to say you have read the privacy notice and agree to it.';

describe.runIf(handlerMode)('consent on the pages', () => {
  it('the page’s box sends the one value that counts', async () => {
    const therapist = await aTherapist();
    const page = await send({ method: 'GET', path: doors.contact(therapist.therapistId) });
    expect(page.text).toContain(`name="consent" value="${checkboxValue}"`);
  });

  for (const [door, pathOf] of Object.entries(doors)) {
    it(`${door} page: any other value re-shows the form with the words kept, a sentence beside the box, and stores nothing`, async () => {
      const therapist = await aTherapist();
      // A paused client, so the return page would store a return request if it took the consent.
      const person = aClient();
      await therapistAddsClient(therapist.therapistId, { name: person.name, email: person.email, status: 'paused' });
      for (const value of [...notConsent, undefined]) {
        const refused = await posts(pathOf(therapist.therapistId), person, value);
        expect(refused.status, `consent=${String(value)}`).toBe(400);
        expect(refused.text).toContain(`value="${person.name}"`);
        expect(refused.text).toContain('>Words kept &amp; shown again</textarea>');
        expect(refused.text).toContain(`id="consent-error"><span class="visually-hidden">Error: </span>${sentence}`);
        // The box is shown unticked: only the box's own value is a tick.
        expect(refused.text).not.toMatch(/name="consent" value="true" checked/);
      }
      expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
      expect((await therapistListsReturns(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
      // The box's own value is consent.
      expect((await posts(pathOf(therapist.therapistId), person, checkboxValue)).status).toBe(200);
    });
  }

  it('the JSON API refuses the same values with the same schema', async () => {
    const therapist = await aTherapist();
    for (const consent of [false, 'false', 'true', 'no', 0, 1, 'on']) {
      const client = aClient();
      const reply = await clientSendsEnquiry(
        therapist.therapistId,
        { name: client.name, email: client.email, consent },
        client,
      );
      expect(reply.status, `consent=${JSON.stringify(consent)}`).toBe(400);
    }
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
  });
});
