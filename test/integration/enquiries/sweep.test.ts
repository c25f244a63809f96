/**
 * Nobody is left in silence: the sweep nudges a therapist once after two working days and closes an
 * enquiry kindly after fourteen. Each test lives in its own season, further apart than the sweep's
 * look-back, so one test's timers are never due in another's sweep.
 */
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { timerId, timerPut, type TimerItem } from '#shared/store/timers.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode, MINUTE } from '#test/support/driver.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import {
  clientSendsEnquiry,
  therapistAccepts,
  therapistConfirmsLink,
  therapistReadsEnquiry,
  theSweepRuns,
} from '#test/support/steps/when.js';
import {
  actionLinksIn,
  emailsArriveFor,
  emailsFor,
  scanAll,
  storedEnquiry,
  theOutboxIsDelivered,
  wholeEmail,
} from '#test/support/steps/then.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { SWEEP_CONCURRENCY } from '#shared/use-cases/timers/sweep.js';

useTestEnvironment();

interface Scene {
  therapist: GivenTherapist;
  client: GivenClient;
  enquiryId: string;
}

async function anEnquiryAt(at: string, therapist?: GivenTherapist): Promise<Scene> {
  clock.set(at);
  const t = therapist ?? (await aTherapist());
  const client = aClient();
  const response = await clientSendsEnquiry(t.therapistId, anEnquiryFrom(client), client);
  expect(response.status).toBe(201);
  return { therapist: t, client, enquiryId: response.json<{ enquiryId: string }>().enquiryId };
}

const timer = async (s: Scene, kind: 'enquiry-nudge' | 'enquiry-expiry') => {
  const { db, config } = getRuntime();
  const { Item } = await db.send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.timer(s.therapist.therapistId, timerId(kind, s.enquiryId)),
      ConsistentRead: true,
    }),
  );
  return Item as TimerItem | undefined;
};

const settle = () => new Promise((r) => setTimeout(r, 300));

describe.runIf(handlerMode)('the sweep', () => {
  it('nudges the therapist once, two working days later, with fresh links', async () => {
    // Friday 7 March 2025, 19:30 London: the nudge is due on Tuesday at 19:30.
    const scene = await anEnquiryAt('2025-03-07T19:30:00Z');
    await theOutboxIsDelivered();
    const [notification] = await emailsArriveFor(scene.therapist.email);

    expect(await theSweepRuns(new Date('2025-03-10T19:30:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });
    expect(await theSweepRuns(new Date('2025-03-11T19:29:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });
    expect(await theSweepRuns(new Date('2025-03-11T19:31:00Z'))).toEqual({ fired: 1, skipped: 0, failed: 0 });
    expect(await theSweepRuns(new Date('2025-03-11T20:00:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });
    expect(await theSweepRuns(new Date('2025-03-12T20:00:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });

    await theOutboxIsDelivered();
    const emails = await emailsArriveFor(scene.therapist.email, 2);
    await settle();
    expect(await emailsFor(scene.therapist.email)).toHaveLength(2);
    expect(await emailsFor(scene.client.email)).toHaveLength(1);
    const nudge = emails[1]!;
    expect(wholeEmail(nudge)).toContain(scene.client.name);
    const fresh = actionLinksIn(nudge);
    const first = actionLinksIn(notification!);
    expect(fresh.accept).not.toBe(first.accept);
    expect((await storedEnquiry(scene.therapist.therapistId, scene.enquiryId))?.nudgedAt).toBe(
      '2025-03-11T19:31:00.000Z',
    );
    expect(await timer(scene, 'enquiry-nudge')).toMatchObject({ status: 'done' });

    // The fresh link works.
    clock.set('2025-03-11T21:00:00Z');
    expect((await therapistConfirmsLink(fresh.accept)).status).toBe(200);
    expect((await therapistReadsEnquiry(scene.therapist.therapistId, scene.enquiryId)).json()).toMatchObject({
      status: 'accepted',
    });
  });

  it('closes an enquiry nobody answered after 14 days, tells the client kindly, and keeps it only for the retention period', async () => {
    const scene = await anEnquiryAt('2025-06-03T10:00:00Z');
    await theOutboxIsDelivered();
    await emailsArriveFor(scene.client.email);

    expect((await theSweepRuns(new Date('2025-06-17T09:59:00Z'))).fired).toBe(0);
    // The sweep was down when the nudge was due: the expiry closes the enquiry and the nudge with it.
    expect(await theSweepRuns(new Date('2025-06-17T10:01:00Z'))).toEqual({ fired: 1, skipped: 0, failed: 0 });
    expect(await timer(scene, 'enquiry-nudge')).toBeUndefined();
    expect(await timer(scene, 'enquiry-expiry')).toMatchObject({ status: 'done' });

    const stored = await storedEnquiry(scene.therapist.therapistId, scene.enquiryId);
    expect(stored).toMatchObject({
      status: 'expired',
      closedAt: '2025-06-17T10:01:00.000Z',
      ttl: Date.parse('2025-09-15T10:01:00Z') / 1000,
    });

    await theOutboxIsDelivered();
    const emails = await emailsArriveFor(scene.client.email, 2);
    expect(wholeEmail(emails[1]!)).toContain(scene.therapist.displayName);
    expect(await theSweepRuns(new Date('2025-06-17T11:00:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });
    await settle();
    expect(await emailsFor(scene.therapist.email)).toHaveLength(1);
  });

  it('neither nudges nor expires an accepted enquiry', async () => {
    const scene = await anEnquiryAt('2025-09-02T10:00:00Z');
    clock.advance(MINUTE);
    expect((await therapistAccepts(scene.therapist.therapistId, scene.enquiryId)).status).toBe(200);
    for (const day of [2, 5, 14, 15])
      expect(await theSweepRuns(new Date(Date.parse('2025-09-02T10:01:00Z') + day * DAY))).toEqual({
        fired: 0,
        skipped: 0,
        failed: 0,
      });
    expect((await storedEnquiry(scene.therapist.therapistId, scene.enquiryId))?.status).toBe('accepted');
    await theOutboxIsDelivered();
    await emailsArriveFor(scene.client.email, 2);
    await settle();
    expect(await emailsFor(scene.client.email)).toHaveLength(2); // acknowledgement, acceptance
    expect(await emailsFor(scene.therapist.email)).toHaveLength(1); // the notification only
  });

  it('fires each timer once when two sweeps overlap', async () => {
    const therapist = await aTherapist();
    const scenes = [
      await anEnquiryAt('2025-12-02T10:00:00Z', therapist),
      await anEnquiryAt('2025-12-02T10:05:00Z', therapist),
      await anEnquiryAt('2025-12-02T10:10:00Z', therapist),
    ];
    const at = new Date('2025-12-04T11:00:00Z');
    const [a, b] = await Promise.all([theSweepRuns(at), theSweepRuns(at)]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.fired + b.fired).toBe(3);
    await theOutboxIsDelivered();
    await emailsArriveFor(therapist.email, 6);
    await settle();
    expect(await emailsFor(therapist.email)).toHaveLength(6); // three notifications, three nudges
    for (const s of scenes) expect(await timer(s, 'enquiry-nudge')).toMatchObject({ status: 'done' });
  });

  it('fires each of many timers once when two sweeps, each firing many at a time, overlap', async () => {
    clock.set('2024-11-05T10:00:00Z');
    const therapist = await aTherapist();
    const count = 200;
    expect(count).toBeGreaterThan(4 * SWEEP_CONCURRENCY);
    const enquiryIds: string[] = [];
    // Eight senders at a time, all at the same moment, so every nudge falls due together.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const n = next++;
          const client = aClient();
          const response = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
          expect(response.status).toBe(201);
          enquiryIds[n] = response.json<{ enquiryId: string }>().enquiryId;
        }
      }),
    );

    const at = new Date('2024-11-07T11:00:00Z');
    const [a, b] = await Promise.all([theSweepRuns(at), theSweepRuns(at)]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.fired + b.fired).toBe(count);
    expect(await theSweepRuns(new Date('2024-11-07T11:05:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });

    // The action's effect, counted where a second firing would show: one nudge email queued per
    // enquiry (each firing queues a new one), and every enquiry marked nudged.
    const nudges = (await scanAll('entity = :outbox', { ':outbox': 'outbox' })) as unknown as OutboxItem[];
    const perEnquiry = new Map<string, number>();
    for (const n of nudges.filter(
      (o) => o.message.template === 'enquiry-nudge' && o.message.therapistId === therapist.therapistId,
    )) {
      const url = (n.message.data as { enquiryUrl: string }).enquiryUrl;
      perEnquiry.set(url, (perEnquiry.get(url) ?? 0) + 1);
    }
    expect(perEnquiry.size).toBe(count);
    expect([...perEnquiry.values()].every((n) => n === 1)).toBe(true);
    for (const enquiryId of enquiryIds)
      expect((await storedEnquiry(therapist.therapistId, enquiryId))?.nudgedAt).toBe('2024-11-07T11:00:00.000Z');

    // Six hundred queued emails (acknowledgement, notification, nudge) whose words other tests
    // check: removed, or the next test's delivery of the outbox would send every one (13 s).
    const { db, config } = getRuntime();
    const ours = nudges.filter((o) => o.message.therapistId === therapist.therapistId);
    for (let i = 0; i < ours.length; i += 25)
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [config.tableName]: ours.slice(i, i + 25).map((o) => ({ DeleteRequest: { Key: { pk: o.pk, sk: o.sk } } })),
          },
        }),
      );
    // Two hundred enquiries through the handler take a while on a busy machine.
  }, 180_000);

  it('just marks done a timer whose enquiry has moved on', async () => {
    const scene = await anEnquiryAt('2026-03-03T10:00:00Z');
    clock.advance(MINUTE);
    expect((await therapistAccepts(scene.therapist.therapistId, scene.enquiryId)).status).toBe(200);
    // A timer left behind (say, written by a change that raced the accept).
    const { db, config } = getRuntime();
    const id = timerId('enquiry-nudge', scene.enquiryId);
    await writeTransaction(db, [
      timerPut(
        config.tableName,
        {
          timerId: id,
          therapistId: scene.therapist.therapistId,
          kind: 'enquiry-nudge',
          subjectId: scene.enquiryId,
          dueAt: '2026-03-05T10:00:00.000Z',
        },
        config.settings.timerShards,
      ),
    ]);

    expect(await theSweepRuns(new Date('2026-03-05T10:01:00Z'))).toEqual({ fired: 0, skipped: 1, failed: 0 });
    expect(await timer(scene, 'enquiry-nudge')).toMatchObject({ status: 'done' });
    expect(await theSweepRuns(new Date('2026-03-05T10:02:00Z'))).toEqual({ fired: 0, skipped: 0, failed: 0 });
    await theOutboxIsDelivered();
    await emailsArriveFor(scene.therapist.email);
    await settle();
    expect(await emailsFor(scene.therapist.email)).toHaveLength(1);
  });
});
