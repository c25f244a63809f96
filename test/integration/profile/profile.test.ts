/**
 * GET/PUT /me/profile: a therapist's crisis lines belong to where they practise. The deployment's are
 * the default; a therapist elsewhere sets their own, and every crisis-support email to their clients
 * carries them with the sentence on finding help somewhere else. Other therapists keep the default.
 */
import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { handlerMode, send } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';

useTestEnvironment();

const irish = {
  region: 'Ireland',
  lines: [
    { name: 'Samaritans Ireland', detail: 'call 116 123, free, day or night' },
    { name: 'Pieta', detail: 'call 1800 247 247' },
    { name: 'In an emergency', detail: 'call 112 or 999' },
  ],
};

const profileOf = (therapistId: string) => send({ method: 'GET', path: '/me/profile', as: therapistId });
const setProfile = (therapistId: string, json: unknown) =>
  send({ method: 'PUT', path: '/me/profile', as: therapistId, json });

describe.runIf(handlerMode)('a therapist’s profile', () => {
  it('starts with the deployment’s crisis lines and the contact page addresses', async () => {
    const therapist = await aTherapist();
    const reply = await profileOf(therapist.therapistId);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json()).toMatchObject({
      therapistId: therapist.therapistId,
      displayName: 'Sam Rivera',
      contactPageUrl: expect.stringMatching(new RegExp(`/contact/${therapist.therapistId}$`)),
      returnPageUrl: expect.stringMatching(new RegExp(`/contact/${therapist.therapistId}/return$`)),
      crisisSupport: {
        region: 'the UK',
        lines: expect.arrayContaining([{ name: 'Samaritans', detail: 'call 116 123, free, day or night' }]),
      },
      crisisSupportSource: 'deployment',
      embedOrigins: [],
    });
  });

  it('sets the therapist’s own crisis lines: their clients’ emails carry them, with where they are for', async () => {
    const [dublin, london] = [await aTherapist({ timeZone: 'Europe/Dublin' }), await aTherapist()];
    const saved = await setProfile(dublin.therapistId, {
      crisisSupport: irish,
      embedOrigins: ['https://www.dublin-counselling.example'],
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json()).toMatchObject({
      crisisSupport: irish,
      crisisSupportSource: 'own',
      embedOrigins: ['https://www.dublin-counselling.example'],
    });

    const [toDublin, toLondon] = [aClient(), aClient()];
    expect((await clientSendsEnquiry(dublin.therapistId, anEnquiryFrom(toDublin), toDublin)).status).toBe(201);
    expect((await clientSendsEnquiry(london.therapistId, anEnquiryFrom(toLondon), toLondon)).status).toBe(201);
    await theOutboxIsDelivered();
    const [irishEmail] = await emailsArriveFor(toDublin.email);
    const [ukEmail] = await emailsArriveFor(toLondon.email);
    expect(irishEmail!.body.text).toContain('Pieta: call 1800 247 247');
    expect(irishEmail!.body.text).toContain(
      'These numbers are for Ireland. If you are somewhere else, please call your local emergency number or a helpline where you are.',
    );
    expect(irishEmail!.body.text).not.toContain('NHS 111');
    expect(ukEmail!.body.text).toContain('NHS 111: call 111');
    expect(ukEmail!.body.text).toContain('These numbers are for the UK.');

    // null goes back to the deployment's lines.
    const back = await setProfile(dublin.therapistId, { crisisSupport: null });
    expect(back.json()).toMatchObject({
      crisisSupportSource: 'deployment',
      crisisSupport: { region: 'the UK' },
      embedOrigins: [],
    });
  });

  it('says what to fix in a bad body, field by field, and leaves the profile as it was', async () => {
    const therapist = await aTherapist();
    const reply = await setProfile(therapist.therapistId, {
      crisisSupport: { region: 'X', lines: [] },
      embedOrigins: ['https://www.example.org/contact', 'http://example.org'],
    });
    expect(reply.status).toBe(400);
    const paths = reply
      .json<{ errors: { path: string; message: string }[] }>()
      .errors.map((e) => e.path)
      .sort();
    expect(paths).toEqual(['crisisSupport.lines', 'crisisSupport.region', 'embedOrigins.0', 'embedOrigins.1']);
    expect(reply.text).toContain('origin only');
    expect((await profileOf(therapist.therapistId)).json()).toMatchObject({
      crisisSupportSource: 'deployment',
      embedOrigins: [],
    });
    expect(
      (await send({ method: 'PUT', path: '/me/profile', as: therapist.therapistId, json: { colour: 'blue' } })).status,
    ).toBe(400);
  });

  it('is 404 for a signed-in therapist without a profile, and 401 without sign-in', async () => {
    expect((await profileOf('t-nobody-here')).status).toBe(404);
    expect((await setProfile('t-nobody-here', {})).status).toBe(404);
    expect((await send({ method: 'GET', path: '/me/profile' })).status).toBe(401);
  });
});
