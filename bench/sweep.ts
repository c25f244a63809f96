/**
 * The sweep with 0, 100 and 1,000 due timers: enquiry nudges, the commonest timer, each a read of
 * the enquiry and its therapist and a transaction (the nudge email and fresh links). Every run starts
 * from a fresh table holding exactly its due timers.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { createSweepHandler } from '../functions/sweep/handler.js';

const sweep = createSweepHandler();
import { putTherapist } from '../shared/store/therapists.js';
import { summarise, type Summary } from './stats.js';
import { lambdaContext, type World } from './world.js';

export interface SweepResult {
  due: number;
  runs: number;
  handler: Summary;
  raw: Summary;
  calls: number;
}

const DAY = 86_400_000;

/** One stderr line per step with its seconds, so a slow step shows itself while the bench runs. */
function progress(prefix: string): (step: string) => void {
  let last = performance.now();
  return (step) => {
    const t = performance.now();
    process.stderr.write(`${prefix} ${step} ${((t - last) / 1000).toFixed(1)} s\n`);
    last = t;
  };
}

async function enquiries(world: World, therapistId: string, count: number, at: Date): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      while (next < count) {
        const n = next++;
        const reply = await world.send({
          method: 'POST',
          path: `/therapists/${therapistId}/enquiries`,
          json: { name: `Alex ${n}`, email: `alex-${n}-${randomUUID().slice(0, 6)}@client.test`, message: 'I would like to talk.', consent: true },
          sourceIp: `10.1.${(n >> 8) & 255}.${n & 255}`,
          now: at,
        });
        if (reply.status !== 201) throw new Error(`enquiry: ${reply.status}`);
      }
    }),
  );
}

export async function measureSweep(world: World, due: number, runs: number): Promise<SweepResult> {
  const handler: number[] = [];
  const raw: number[] = [];
  let calls = 0;
  for (let run = 0; run < runs; run++) {
    const phase = progress(`    ${due} due, run ${run + 1}/${runs}:`);
    await world.freshTable();
    const now = new Date();
    const therapistId = `bench-${randomUUID().slice(0, 8)}`;
    await putTherapist(world.runtime.db, world.tableName, { therapistId, displayName: 'Sam Rivera', shortName: 'Sam', email: `${therapistId}@therapist.test`, timeZone: 'Europe/London', createdAt: '2025-01-06T09:00:00.000Z' });
    // Six days ago: past the nudge (two working days) whatever the weekday, before the expiry (14 days).
    await enquiries(world, therapistId, due, new Date(now.getTime() - 6 * DAY));
    phase('enquiries');
    await world.syncMirror();
    phase('mirror');
    const event: ScheduledEvent = {
      version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000',
      time: now.toISOString(), region: 'eu-west-2', resources: ['arn:aws:events:eu-west-2:000000000000:rule/threshold-sweep'], detail: {},
    };
    const done = await world.recorder.record(() => sweep(event, lambdaContext('sweep', 120_000)));
    if (done.result.fired !== due || done.result.failed > 0) throw new Error(`The sweep fired ${done.result.fired} of ${due} (${done.result.failed} failed)`);
    phase('sweep');
    handler.push(done.ms);
    raw.push(await world.replayer.replay(done.calls));
    phase('raw calls');
    calls += done.calls.length;
  }
  return { due, runs, handler: summarise(handler), raw: summarise(raw), calls: calls / runs };
}
