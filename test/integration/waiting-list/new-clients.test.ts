/**
 * The new-client status and what first contact meets under each: open as always, the waiting list
 * (the same answer for someone already on it, in the same time), or a kind 409 when closed that
 * stores and sends nothing. Another therapist's list is simply not found.
 */
import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { enquiryItems, pendingOutboxTo, scanAll } from '#test/support/steps/then.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import {
  aFullTherapist,
  someoneWrites,
  theList,
  therapistListsWaiting,
  therapistOffers,
  therapistReadsNewClients,
  therapistRemoves,
  therapistSetsNewClients,
} from './steps.js';

useTestEnvironment();

const entriesOf = (therapistId: string) =>
  scanAll('entity = :e AND therapistId = :t', { ':e': 'waiting-entry', ':t': therapistId });

describe('the new-client status', () => {
  it('is open until set, and keeps what the therapist sets', async () => {
    const therapist = await aTherapist();
    const first = await therapistReadsNewClients(therapist.therapistId);
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ status: 'open' });

    clock.set('2025-03-04T10:00:00Z');
    const set = await therapistSetsNewClients(therapist.therapistId, {
      status: 'waiting-list',
      expectedWaitWeeks: 8,
      note: '  Back to taking people in the spring.  ',
    });
    expect(set.status, set.text).toBe(200);
    const expected = { status: 'waiting-list', expectedWaitWeeks: 8, note: 'Back to taking people in the spring.' };
    expect(set.json()).toMatchObject(expected);
    expect((await therapistReadsNewClients(therapist.therapistId)).json()).toMatchObject(expected);
  });

  it('says what to fix, field by field', async () => {
    const therapist = await aTherapist();
    const cases: [unknown, string, RegExp][] = [
      [{ status: 'full' }, 'status', /Please choose a status: open, waiting-list, closed/],
      [{ status: 'open', expectedWaitWeeks: 4 }, 'expectedWaitWeeks', /only applies to the waiting list/],
      [{ status: 'waiting-list', expectedWaitWeeks: 2.5 }, 'expectedWaitWeeks', /whole number of weeks/],
      [{ status: 'waiting-list', expectedWaitWeeks: 0 }, 'expectedWaitWeeks', /at least 1 week/],
      [{ status: 'open', note: 'Hello' }, 'note', /Leave it out while you are open/],
      [{ status: 'closed', note: 'x'.repeat(1001) }, 'note', /1,000 characters/],
      [{ status: 'closed', until: '2025-06-01' }, 'until', /Unknown field: until/],
    ];
    for (const [body, path, message] of cases) {
      const reply = await therapistSetsNewClients(therapist.therapistId, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json<{ errors: { path: string; message: string }[] }>().errors).toContainEqual({
        path,
        message: expect.stringMatching(message),
      });
    }
    expect((await therapistReadsNewClients(therapist.therapistId)).json()).toEqual({ status: 'open' });
  });

  it('closed: first contact is refused kindly with where else to look, and nothing is kept or sent', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aTherapist();
    await therapistSetsNewClients(therapist.therapistId, {
      status: 'closed',
      note: 'I am not taking new clients this year.',
    });
    const client = aClient();
    for (const body of [anEnquiryFrom(client), anEnquiryFrom(client, { website: 'https://spam.test' })]) {
      const reply = await clientSendsEnquiry(therapist.therapistId, body, client);
      expect(reply.status).toBe(409);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      const problem = reply.json<Record<string, unknown>>();
      expect(problem).toMatchObject({
        type: 'https://threshold.dev/problems/not-taking-clients',
        status: 409,
        note: 'I am not taking new clients this year.',
        otherHelp: expect.stringContaining('Other counsellors and services may be able to help.'),
        crisisLines: expect.arrayContaining([expect.objectContaining({ name: 'Samaritans' })]),
      });
      if (handlerMode) expect(problem.therapist).toEqual({ displayName: 'Sam Rivera' });
      expect(problem.detail).toContain('is not taking new clients at the moment, so your message was not sent.');
      expect(problem.detail).toContain('It is not about you.');
      expect(problem.detail).toContain('116 123');
    }
    if (handlerMode) {
      expect(await enquiryItems(therapist.therapistId)).toEqual([]);
      expect(await entriesOf(therapist.therapistId)).toEqual([]);
      expect(await pendingOutboxTo(client.email)).toEqual([]);
    }
  });

  it('switching back to open invites nobody: the list stays, in order, and new first contact is an enquiry again', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aFullTherapist();
    const waiting = await someoneWrites(therapist);
    expect(waiting.reply.json()).toMatchObject({ status: 'waiting-list' });
    expect((await therapistSetsNewClients(therapist.therapistId, { status: 'open' })).status).toBe(200);

    const fresh = await someoneWrites(therapist);
    expect(fresh.reply.json()).toMatchObject({ status: 'received' });
    expect((await theList(therapist.therapistId)).map((e) => [e.email, e.status])).toEqual([
      [waiting.client.email, 'waiting'],
    ]);
    if (handlerMode) {
      expect((await pendingOutboxTo(waiting.client.email)).map((o) => o.message.template)).toEqual([
        'waiting-list-joined',
      ]);
      expect((await pendingOutboxTo(fresh.client.email)).map((o) => o.message.template)).toEqual(['enquiry-received']);
    }
  });
});

describe.runIf(handlerMode)('joining the waiting list', () => {
  it('someone already on the list gets the same answer, in the same time, and nothing is written or sent again', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aFullTherapist();
    const client = aClient();
    const timed = async () => {
      const started = performance.now();
      const reply = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
      return { reply, ms: performance.now() - started };
    };
    const first = await timed();
    clock.advance(10 * DAY);
    const again = await timed();
    expect(first.reply.status).toBe(201);
    expect(again.reply.status).toBe(201);
    expect(again.reply.text).toBe(first.reply.text);
    // Both answers wait for the same floor, so the time taken does not tell the two apart.
    expect(first.ms).toBeGreaterThanOrEqual(245);
    expect(again.ms).toBeGreaterThanOrEqual(245);
    expect(await entriesOf(therapist.therapistId)).toHaveLength(1);
    expect((await pendingOutboxTo(client.email)).map((o) => o.message.template)).toEqual(['waiting-list-joined']);
  });

  it('a bot filling the hidden field gets the answer a person would, and nothing is kept', async () => {
    const therapist = await aFullTherapist();
    const client = aClient();
    const reply = await clientSendsEnquiry(
      therapist.therapistId,
      anEnquiryFrom(client, { website: 'https://spam.test' }),
      client,
    );
    expect(reply.status).toBe(201);
    expect(reply.json()).toMatchObject({ status: 'waiting-list' });
    expect(await entriesOf(therapist.therapistId)).toEqual([]);
  });

  it('someone whose place closed can join again', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aFullTherapist();
    const client = aClient();
    const joined = await someoneWrites(therapist, client);
    const [entry] = await theList(therapist.therapistId);
    expect((await therapistRemoves(therapist.therapistId, entry!.entryId)).status).toBe(200);
    clock.advance(DAY);
    const back = await someoneWrites(therapist, client);
    expect(back.reply.status).toBe(201);
    expect(back.reply.json<{ enquiryId: string }>().enquiryId).not.toBe(
      joined.reply.json<{ enquiryId: string }>().enquiryId,
    );
    expect((await theList(therapist.therapistId)).map((e) => e.status)).toEqual(['waiting']);
  });
});

describe('another therapist', () => {
  it('sees nothing of the list and can change nothing on it', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aFullTherapist();
    await someoneWrites(therapist);
    const [entry] = await theList(therapist.therapistId);
    const other = await aTherapist({}, 1);
    expect((await therapistListsWaiting(other.therapistId)).json()).toEqual({ items: [] });
    expect((await therapistOffers(other.therapistId, entry!.entryId)).status).toBe(404);
    expect((await therapistRemoves(other.therapistId, entry!.entryId)).status).toBe(404);
    expect((await therapistOffers(therapist.therapistId, 'not-an-id')).status).toBe(404);
    const [after] = await theList(therapist.therapistId);
    expect(after).toMatchObject({ status: 'waiting', checkIns: { sent: 0 } });
    expect(after).not.toHaveProperty('version');
  });
});
