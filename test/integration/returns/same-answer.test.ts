/**
 * The public return answer says nothing about whether a person is someone's client: the same bytes
 * (status, headers, body) and the same time, whether the email belongs to a paused client of the
 * therapist or to a stranger. Handler mode: timing over HTTP would measure the network.
 */
import { describe, expect, it } from 'vitest';
import { steadyAnswerMs } from '#shared/http/steady-timing.js';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, type GivenClient } from '#test/support/steps/given.js';
import { therapistListsEnquiries } from '#test/support/steps/when.js';
import { aReturnFrom, someoneAsksToReturn, therapistAddsClient, therapistListsReturns } from '../clients/steps.js';
import type { ApiReply } from '#test/support/driver.js';

// Generous per-address limit: every request here comes from its own address anyway.
useTestEnvironment();

const RUNS = Number(process.env.RETURN_TIMING_RUNS ?? 20);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const quartiles = (xs: number[]): [number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length / 4)]!, s[Math.floor((3 * s.length) / 4)]!];
};

/** What a caller can observe of an answer, minus nothing: there are no request ids in these headers. */
const observable = (r: ApiReply) => ({ status: r.status, headers: r.headers, text: r.text });

describe.runIf(handlerMode)('the public answer to a return', () => {
  it('is byte-identical and takes the same time for a known client and a stranger', async () => {
    clock.set('2026-03-10T10:00:00Z');
    const therapist = await aTherapist();
    const clients: GivenClient[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const person = aClient();
      expect(
        (await therapistAddsClient(therapist.therapistId, { name: person.name, email: person.email, status: 'paused' }))
          .status,
      ).toBe(201);
      clients.push(person);
    }
    const strangers = Array.from({ length: RUNS + 3 }, () => aClient());

    const timed = async (person: GivenClient): Promise<{ reply: ApiReply; ms: number }> => {
      const started = performance.now();
      const reply = await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), person);
      return { reply, ms: performance.now() - started };
    };

    // Warm both paths (module loading, connections) before measuring.
    for (let i = 0; i < 3; i++) {
      await timed(clients.pop()!);
      await timed(strangers.pop()!);
    }

    const known: { reply: ApiReply; ms: number }[] = [];
    const unknown: { reply: ApiReply; ms: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so drift in the emulator's speed falls on both sides alike.
      if (i % 2 === 0) {
        known.push(await timed(clients[i]!));
        unknown.push(await timed(strangers[i]!));
      } else {
        unknown.push(await timed(strangers[i]!));
        known.push(await timed(clients[i]!));
      }
    }

    // The same bytes, every time.
    const first = observable(known[0]!.reply);
    expect(first).toEqual({
      status: 202,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      text: '{"status":"received"}',
    });
    for (const r of [...known, ...unknown]) expect(observable(r.reply)).toEqual(first);

    // And the work really went both ways.
    expect((await therapistListsReturns(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(
      RUNS + 3,
    );
    expect(
      (await therapistListsEnquiries(therapist.therapistId, 'limit=100')).json<{ items: unknown[] }>().items.length,
    ).toBeGreaterThanOrEqual(RUNS);

    // The same time, loosely: medians within a few milliseconds (or a quarter of the typical request,
    // when the machine is busy with other test files), and the two middle halves overlap. Requests
    // ran in adjacent pairs, alternating which went first, so drift in the machine's speed falls on
    // both sides alike; the paired difference is printed for whoever tunes this.
    const mk = median(known.map((r) => r.ms));
    const mu = median(unknown.map((r) => r.ms));
    const paired = median(known.map((k, i) => k.ms - unknown[i]!.ms));
    console.info(
      `return timing over ${RUNS} pairs: medians known ${mk.toFixed(1)} ms, stranger ${mu.toFixed(1)} ms; median paired difference ${paired.toFixed(1)} ms`,
    );
    // Both answer on the floor (shared/http/steady-timing.ts), whichever path did the work.
    expect(Math.min(mk, mu)).toBeGreaterThanOrEqual(steadyAnswerMs);
    expect(Math.abs(mk - mu)).toBeLessThanOrEqual(Math.max(5, 0.25 * Math.max(mk, mu)));
    const [kq1, kq3] = quartiles(known.map((r) => r.ms));
    const [uq1, uq3] = quartiles(unknown.map((r) => r.ms));
    expect(
      kq1 <= uq3 && uq1 <= kq3,
      `middle halves ${kq1.toFixed(1)}–${kq3.toFixed(1)} and ${uq1.toFixed(1)}–${uq3.toFixed(1)} ms overlap`,
    ).toBe(true);
  });
});
