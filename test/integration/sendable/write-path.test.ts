/**
 * What is accepted must be sendable: every place a name or a crisis line is written refuses what no
 * email could show (too long, control characters, line breaks, direction marks), with a 4xx that names
 * the field, so nothing stored can later end an email as MessageInvalid.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#shared/domain/errors.js';
import { getRuntime } from '#shared/runtime.js';
import { putTherapist } from '#shared/store/therapists.js';
import { handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { aReturnFrom, someoneAsksToReturn, therapistAddsClient } from '../clients/steps.js';

useTestEnvironment({ rateLimitPerEmailPerDay: 100 });

const unsendable = {
  '900 characters': 'A'.repeat(900),
  'a line break': 'Jo\r\nBcc: someone@example.com',
  'a tab': 'Jo\tSmith',
  'a C1 control': 'Jo\u0085Smith',
  'a right-to-left override': 'Jo \u202eevil.exe',
  'a directional isolate': 'Jo \u2066Smith\u2069',
  'a left-to-right mark': 'Jo\u200eSmith',
} as const;

const refusedAt = (reply: ApiReply): string[] => {
  expect(reply.status, reply.text).toBe(400);
  return (reply.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path);
};

const crisis = (name: string, detail = 'call 116 123', region = 'Ireland') => ({
  crisisSupport: { region, lines: [{ name, detail }] },
  embedOrigins: [],
});
const setProfile = (therapistId: string, json: unknown) =>
  send({ method: 'PUT', path: '/me/profile', as: therapistId, json });

describe.runIf(handlerMode)('names and crisis lines are refused where written unless every email can show them', () => {
  for (const [label, value] of Object.entries(unsendable)) {
    it(`a name with ${label}: the enquiry, the return, a client brought in, a therapist's profile and a crisis line each refuse it, naming the field`, async () => {
      const therapist = await aTherapist();
      const client = aClient();
      expect(
        refusedAt(await clientSendsEnquiry(therapist.therapistId, { ...anEnquiryFrom(client), name: value }, client)),
      ).toEqual(['name']);
      expect(
        refusedAt(await someoneAsksToReturn(therapist.therapistId, { ...aReturnFrom(client), name: value }, client)),
      ).toEqual(['name']);
      expect(
        refusedAt(
          await therapistAddsClient(therapist.therapistId, { name: value, email: client.email, status: 'active' }),
        ),
      ).toEqual(['name']);
      expect(refusedAt(await setProfile(therapist.therapistId, crisis(value)))).toEqual(['crisisSupport.lines.0.name']);
      expect(refusedAt(await setProfile(therapist.therapistId, crisis('Pieta', value)))).toEqual([
        'crisisSupport.lines.0.detail',
      ]);
      expect(refusedAt(await setProfile(therapist.therapistId, crisis('Pieta', 'call 1800 247 247', value)))).toEqual([
        'crisisSupport.region',
      ]);
      const { db, config } = getRuntime();
      for (const field of ['displayName', 'shortName'] as const) {
        const writing = putTherapist(db, config.tableName, {
          therapistId: `t-${field}`,
          displayName: 'Sam Rivera',
          shortName: 'Sam',
          email: 'sam@example.com',
          timeZone: 'Europe/London',
          createdAt: new Date().toISOString(),
          [field]: value,
        });
        await expect(writing).rejects.toBeInstanceOf(RuleViolation);
        await expect(writing).rejects.toMatchObject({ path: field });
      }
    });
  }

  it('says plainly what to change', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const reply = await clientSendsEnquiry(
      therapist.therapistId,
      { ...anEnquiryFrom(client), name: unsendable['a right-to-left override'] },
      client,
    );
    expect(reply.json<{ detail: string }>().detail).toBe(
      'Please fix name: Please write your name on one line, without line breaks, tabs or hidden direction marks.',
    );
    const long = await setProfile(therapist.therapistId, crisis('Samaritans\r\nBcc: x@example.com'));
    expect(long.json<{ detail: string }>().detail).toBe(
      'Please fix crisisSupport.lines.0.name: Please write each crisis line’s name on one line, without line breaks, tabs or hidden direction marks.',
    );
  });

  it('right-to-left names and names with accents are welcome', async () => {
    const therapist = await aTherapist();
    for (const name of ['سارا احمدی', 'Zoë Ó Briain', 'José 山田']) {
      const client = aClient();
      expect((await clientSendsEnquiry(therapist.therapistId, { ...anEnquiryFrom(client), name }, client)).status).toBe(
        201,
      );
    }
    expect((await setProfile(therapist.therapistId, crisis('ساماریتان'))).status).toBe(200);
  });
});
