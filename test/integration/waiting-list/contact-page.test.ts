/**
 * The contact page follows the therapist's new-client status: open as always; when full, it says the
 * message joins the waiting list (with the expected wait) and the answer page says the person is on
 * it; when closed, it shows no form, where else to look and the crisis lines, and a form sent anyway
 * (the status changed after the page was shown) is refused kindly with nothing stored.
 */
import { describe, expect, it } from 'vitest';
import { handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, secretMessage, type GivenClient } from '#test/support/steps/given.js';
import { emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';
import { aFullTherapist, theList, therapistSetsNewClients } from './steps.js';

useTestEnvironment();

const contactPage = (therapistId: string) => send({ method: 'GET', path: `/contact/${therapistId}` });
const sends = (therapistId: string, client: GivenClient, message = secretMessage()) =>
  send({
    method: 'POST',
    path: `/contact/${therapistId}`,
    form: { name: client.name, email: client.email, message, consent: 'true', consentVersion: '1', website: '' },
    sourceIp: client.sourceIp,
  });
const words = (reply: ApiReply) =>
  reply.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe.runIf(handlerMode)('the contact page and the new-client status', () => {
  it('when full: says the message joins the waiting list, with the expected wait, and the answer says so', async () => {
    const therapist = await aFullTherapist({ status: 'waiting-list', expectedWaitWeeks: 8 });
    const page = await contactPage(therapist.therapistId);
    expect(page.status).toBe(200);
    expect(words(page)).toContain('Sam is full just now');
    expect(words(page)).toContain('about 8 weeks');
    expect(words(page)).toContain('You can leave the list at any time');
    expect(page.text).toContain('name="email"');

    const client = aClient();
    const message = secretMessage();
    const answer = await sends(therapist.therapistId, client, message);
    expect(answer.status).toBe(200);
    expect(words(answer)).toContain("You are on Sam Rivera's waiting list");
    expect(words(answer)).toContain('Samaritans');
    expect(answer.text).not.toContain(message);
    expect(await theList(therapist.therapistId)).toHaveLength(1);
    await theOutboxIsDelivered();
    const [ack] = await emailsArriveFor(client.email);
    expect(`${ack!.body.text}${ack!.body.html}`).not.toContain(message);
    expect(ack!.body.text).toContain('waiting list');
  });

  it('when closed: no form, where else to look and help now; a form sent anyway is refused kindly and nothing is kept', async () => {
    const therapist = await aTherapist();
    expect(
      (
        await therapistSetsNewClients(therapist.therapistId, {
          status: 'closed',
          note: 'I hope to open again in the spring.',
        })
      ).status,
    ).toBe(200);
    const page = await contactPage(therapist.therapistId);
    expect(page.status).toBe(200);
    expect(words(page)).toContain('Sam Rivera is not taking new clients just now');
    expect(words(page)).toContain('I hope to open again in the spring.');
    expect(words(page)).toContain('Other counsellors and services may be able to help.');
    expect(words(page)).toContain('Samaritans');
    expect(page.text).not.toContain('<form');

    const refused = await sends(therapist.therapistId, aClient());
    expect(refused.status).toBe(409);
    expect(words(refused)).toContain('not taking new clients just now');
    expect(refused.text).not.toContain('<form');
    const inbox = await send({ method: 'GET', path: '/me/enquiries', as: therapist.therapistId });
    expect(inbox.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('coming back after a break is open whatever the new-client status says', async () => {
    const therapist = await aTherapist();
    await therapistSetsNewClients(therapist.therapistId, { status: 'closed' });
    const page = await send({ method: 'GET', path: `/contact/${therapist.therapistId}/return` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form');
  });
});
