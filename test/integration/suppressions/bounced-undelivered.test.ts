/**
 * An email SES accepted that then bounces for good: the therapist is told, as for one the mailer
 * could not send, once however often SES delivers the event, with no address kept; Today and the
 * inbox say it came back; a transient bounce or a complaint adds nothing; erasure removes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aClient } from '#test/support/steps/given.js';
import { pendingOutboxTo } from '#test/support/steps/then.js';
import { aPractice } from '../bookings/steps.js';
import { partition } from '../erasure/steps.js';
import { bounceEvent, complaintEvent, suppressions } from './given.js';

const env = useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-bounce-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

const undelivered = async (therapistId: string) =>
  (await partition(therapistId)).filter((i) => i.entity === 'undelivered');

describe('an email that bounces after it was sent', () => {
  it('is recorded once for the therapist, shown on Today and the inbox as come back, and erased with the person', async () => {
    clock.set(new Date());
    const therapist = await aPractice();
    therapists.push(therapist.therapistId);
    const client = aClient();
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${therapist.therapistId}/enquiries`,
          json: { name: client.name, email: client.email, consent: true },
        })
      ).status,
    ).toBe(201);
    const [ack] = await pendingOutboxTo(client.email);
    const outboxId = String(ack!.pk).replace(/^OUTBOX#/, '');

    // Neither a transient bounce nor a complaint is a lost email.
    await suppressions()(bounceEvent({ to: [client.email], outboxId, bounceType: 'Transient' }));
    await suppressions()(complaintEvent({ to: [client.email], outboxId }));
    expect(await undelivered(therapist.therapistId)).toEqual([]);

    const event = bounceEvent({ to: [client.email], outboxId });
    await suppressions()(event);
    await suppressions()(event);
    const items = await undelivered(therapist.therapistId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ outboxId, template: 'enquiry-received', recipient: 'client', reason: 'bounced' });
    expect(JSON.stringify(items[0])).not.toContain(client.email);

    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, therapist.therapistId);
    const today = (await agent.get('/console')).text;
    expect(today).toContain('An email did not arrive: the acknowledgement of their enquiry to');
    const inbox = (await agent.get('/console/inbox')).text;
    expect(inbox).toContain('the address may be wrong or no longer used');

    expect(
      (
        await send({
          method: 'POST',
          path: '/me/erasures',
          as: therapist.therapistId,
          json: { email: client.email, confirm: true },
        })
      ).status,
    ).toBe(200);
    expect(await undelivered(therapist.therapistId)).toEqual([]);
  });

  it('adds nothing when the outbox item is already gone', async () => {
    const therapist = await aPractice();
    const result = await suppressions()(bounceEvent({ to: [aClient().email], outboxId: '01jzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect(result).toMatchObject({ outcome: 'suppressed' });
    expect(await undelivered(therapist.therapistId)).toEqual([]);
  });
});
