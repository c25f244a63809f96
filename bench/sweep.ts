/**
 * The sweep with 0, 100 and 1,000 due timers: enquiry nudges, the commonest timer, each a read of
 * the enquiry and its therapist and a transaction (the nudge email and fresh links). Every run starts
 * from a fresh table holding exactly its due timers.
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { createSweepHandler } from '#functions/sweep/handler.js';

const sweep = createSweepHandler();
import { putTherapist } from '#shared/store/therapists.js';
import type { RecordedCall } from './recorder.js';
import { summarise, type Summary } from './stats.js';
import { lambdaContext, type World } from './world.js';

export interface SweepResult {
  due: number;
  runs: number;
  handler: Summary;
  raw: Summary;
  calls: number;
  /** Items the sweep's transactions wrote (timer, subject, links, email per firing). */
  items: number;
  /** The same number of items written as plainly as DynamoDB allows: 100-item transactions, 4 in flight. */
  floor: Summary;
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
          json: {
            name: `Alex ${n}`,
            email: `alex-${n}-${randomUUID().slice(0, 6)}@client.test`,
            message: 'I would like to talk.',
            consent: true,
          },
          sourceIp: `10.1.${(n >> 8) & 255}.${n & 255}`,
          now: at,
        });
        if (reply.status !== 201) throw new Error(`enquiry: ${reply.status}`);
      }
    }),
  );
}

/** Items in a recorded call's transaction (0 for a read). */
const itemsOf = (call: RecordedCall): number =>
  call.command === 'TransactWriteItemsCommand'
    ? ((call.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0)
    : 0;

/**
 * What DynamoDB Local needs to write `count` items at best, whoever writes them: puts of items the size
 * of a firing's (~300 B), grouped 100 to a transaction (DynamoDB's most) with 4 in flight, into a
 * scratch partition of the current table. A sweep that writes these items cannot be faster than this
 * here, however it batches them.
 */
async function writeFloor(world: World, count: number): Promise<number> {
  const batches = Math.ceil(count / 100);
  const run = randomUUID().slice(0, 8);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches) {
        const b = next++;
        const size = Math.min(100, count - b * 100);
        const TransactItems = Array.from({ length: size }, (_, i) => ({
          Put: {
            TableName: world.tableName,
            Item: { pk: { S: `FLOOR#${run}#${b}` }, sk: { S: String(i) }, pad: { S: 'x'.repeat(300) } },
          },
        }));
        await world.raw.dynamodb.send(new TransactWriteItemsCommand({ TransactItems }));
      }
    }),
  );
  return performance.now() - start;
}

export async function measureSweep(world: World, due: number, runs: number): Promise<SweepResult> {
  const handler: number[] = [];
  const raw: number[] = [];
  const floor: number[] = [];
  let calls = 0;
  let items = 0;
  for (let run = 0; run < runs; run++) {
    const phase = progress(`    ${due} due, run ${run + 1}/${runs}:`);
    await world.freshTable();
    const now = new Date();
    const therapistId = `bench-${randomUUID().slice(0, 8)}`;
    await putTherapist(world.runtime.db, world.tableName, {
      therapistId,
      displayName: 'Sam Rivera',
      shortName: 'Sam',
      email: `${therapistId}@therapist.test`,
      timeZone: 'Europe/London',
      createdAt: '2025-01-06T09:00:00.000Z',
    });
    // Six days ago: past the nudge (two working days) whatever the weekday, before the expiry (14 days).
    await enquiries(world, therapistId, due, new Date(now.getTime() - 6 * DAY));
    phase('enquiries');
    await world.syncMirror();
    phase('mirror');
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: now.toISOString(),
      region: 'eu-west-2',
      resources: ['arn:aws:events:eu-west-2:000000000000:rule/threshold-sweep'],
      detail: {},
    };
    const done = await world.recorder.record(() => sweep(event, lambdaContext('sweep', 120_000)));
    if (done.result.fired !== due || done.result.failed > 0)
      throw new Error(`The sweep fired ${done.result.fired} of ${due} (${done.result.failed} failed)`);
    phase('sweep');
    handler.push(done.ms);
    raw.push(await world.replayer.replay(done.calls));
    phase('raw calls');
    calls += done.calls.length;
    const written = done.calls.reduce((n, c) => n + itemsOf(c), 0);
    items += written;
    floor.push(await writeFloor(world, written));
    phase('item-write floor');
  }
  return {
    due,
    runs,
    handler: summarise(handler),
    raw: summarise(raw),
    calls: calls / runs,
    items: items / runs,
    floor: summarise(floor),
  };
}
