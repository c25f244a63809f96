/**
 * The sweep fires many due timers at once but never more than SWEEP_CONCURRENCY (DynamoDB throughput
 * is shared with the API), and starts none once its invocation is short of time: those stay pending
 * for the next sweep. Timers here are orphans (no enquiry behind them), so the real handler just
 * retires each one; each test lives in a season of its own.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { openStore } from '#shared/store/index.js';
import { keys } from '#shared/store/keys.js';
import { timerPut } from '#shared/store/timers.js';
import { retire } from '#shared/use-cases/timers/fire.js';
import type { TimerHandler } from '#shared/use-cases/timers/registry.js';
import { SWEEP_CONCURRENCY, sweepTimers } from '#shared/use-cases/timers/sweep.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { scanAll } from '#test/support/steps/then.js';

useTestEnvironment();

async function orphanTimers(therapistId: string, count: number, dueAt: string): Promise<void> {
  const { db, config } = getRuntime();
  const puts = Array.from({ length: count }, (_, n) =>
    timerPut(
      config.tableName,
      { timerId: `enquiry-nudge#orphan-${n}`, therapistId, kind: 'enquiry-nudge', subjectId: `orphan-${n}`, dueAt },
      config.settings.timerShards,
    ),
  );
  for (let i = 0; i < puts.length; i += 25) await writeTransaction(db, puts.slice(i, i + 25));
}

const pendingOf = async (therapistId: string) =>
  (
    await scanAll(
      'entity = :timer AND therapistId = :t AND #status = :pending',
      { ':timer': 'timer', ':t': therapistId, ':pending': 'pending' },
      { '#status': 'status' },
    )
  ).length;

describe('the sweep, with many timers due', () => {
  it('fires them many at a time, never more than its bound', async () => {
    const count = 3 * SWEEP_CONCURRENCY + 5;
    await orphanTimers('sweep-bounds-width', count, '2023-05-09T10:00:00.000Z');
    let inFlight = 0;
    let most = 0;
    const watched: TimerHandler = async (deps, timer, now) => {
      most = Math.max(most, ++inFlight);
      try {
        // Long enough that every worker has taken a timer before the first one finishes.
        await new Promise((r) => setTimeout(r, 20));
        return await retire(deps, timer, now);
      } finally {
        inFlight--;
      }
    };

    const summary = await sweepTimers(getRuntime(), new Date('2023-05-09T10:05:00Z'), {
      handlers: { 'enquiry-nudge': watched },
    });
    expect(summary).toMatchObject({ fired: 0, skipped: count, failed: 0, outOfTime: false });
    expect(most).toBe(SWEEP_CONCURRENCY);
    expect(await pendingOf('sweep-bounds-width')).toBe(0);
  });

  it('starts no timer once it is short of time, and the next sweep fires the rest', async () => {
    await orphanTimers('sweep-bounds-time', 40, '2023-08-08T10:00:00.000Z');
    let started = 0;
    const first = await sweepTimers(getRuntime(), new Date('2023-08-08T10:05:00Z'), { hasTime: () => ++started <= 10 });
    expect(first).toMatchObject({ fired: 0, skipped: 10, failed: 0, outOfTime: true });
    expect(await pendingOf('sweep-bounds-time')).toBe(30);

    const second = await sweepTimers(getRuntime(), new Date('2023-08-08T10:10:00Z'));
    expect(second).toMatchObject({ skipped: 30, failed: 0, outOfTime: false });
    expect(await pendingOf('sweep-bounds-time')).toBe(0);
  });

  it('reads each therapist once per run however many of their timers are due, and afresh the next run', async () => {
    const therapists = ['sweep-reads-a', 'sweep-reads-b', 'sweep-reads-c'];
    for (const t of therapists) await orphanTimers(t, 12, '2023-11-14T10:00:00.000Z');
    const runtime = getRuntime();
    const reads: string[] = [];
    // The real table behind a client that notes every GetItem of a therapist's profile.
    const db = new Proxy(runtime.db, {
      get(target, key, receiver) {
        if (key !== 'send') return Reflect.get(target, key, receiver);
        return (command: Parameters<typeof target.send>[0]) => {
          const k = command instanceof GetCommand ? (command.input.Key as { pk?: string; sk?: string }) : undefined;
          const owner = therapists.find((t) => k?.pk === keys.therapist(t).pk && k.sk === keys.therapist(t).sk);
          if (owner) reads.push(owner);
          return target.send(command);
        };
      },
    });

    const first = await sweepTimers(
      { ...runtime, db, store: openStore({ db, tableName: runtime.config.tableName }) },
      new Date('2023-11-14T10:05:00Z'),
    );
    expect(first).toMatchObject({ skipped: 36, failed: 0 });
    expect(reads.sort()).toEqual(therapists);

    await orphanTimers('sweep-reads-a', 3, '2023-11-14T10:06:00.000Z');
    reads.length = 0;
    await sweepTimers(
      { ...runtime, db, store: openStore({ db, tableName: runtime.config.tableName }) },
      new Date('2023-11-14T10:07:00Z'),
    );
    expect(reads).toEqual(['sweep-reads-a']);
  });
});
