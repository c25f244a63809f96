/**
 * `npm run cost`: DynamoDB capacity units per operation, measured, and what they cost on demand.
 *
 * Each operation runs through its real handler against DynamoDB Local (as `npm run bench` does), with
 * ReturnConsumedCapacity: 'TOTAL' put on every call the function makes; DynamoDB Local answers it with
 * the units DynamoDB would charge (item sizes rounded up to 4 KB reads and 1 KB writes, transactions
 * twice). Read calls' units are read request units, write calls' write request units. DynamoDB Local
 * reports 0 for a read that finds nothing, where DynamoDB charges at least 0.5 (1 when consistent):
 * that floor is applied. The table printed is the one in docs/operations.md (Cost).
 *
 *   npm run cost            OPERATIONS_RUNS (default 5) of each, averaged
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { createMailerHandler, createRedriveHandler } from '#functions/mailer/handler.js';
import { createSweepHandler } from '#functions/sweep/handler.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import { createSesClient, createSesSender } from '#shared/email/ses-sender.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { localEmailHashKey } from '#infra/local/function-env.js';
import { resetRuntime } from '#shared/runtime.js';
import { putTherapist } from '#shared/store/therapists.js';
import { streamRecord } from '#test/support/stream-event.js';
import { aTherapist, expect, freeTimesApart, invitations, sendEnquiry } from './routes.js';
import { lambdaContext, World } from './world.js';

/**
 * On-demand list prices, us-east-1 (https://aws.amazon.com/dynamodb/pricing/on-demand/): $0.125 per
 * million read request units, $0.625 per million write request units; other regions differ a little.
 * SES: $0.10 per 1,000 emails (https://aws.amazon.com/ses/pricing/).
 */
const price = { rru: 0.125 / 1e6, wru: 0.625 / 1e6, email: 0.1 / 1000 };
const runs = Number(process.env.OPERATIONS_RUNS ?? 5);

const reads = new Set([
  'GetCommand',
  'GetItemCommand',
  'BatchGetCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetCommand',
  'TransactGetItemsCommand',
]);
interface Units {
  rru: number;
  wru: number;
  calls: number;
}
interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
const sink = new AsyncLocalStorage<Units>();
let unanswered = 0;

/** Asks for the consumed capacity on every call of the function's client, and adds it up per operation. */
function meter(world: World): void {
  const client = world.runtime.db as unknown as {
    middlewareStack: { add(m: unknown, o: { step: 'initialize'; name: string }): void };
  };
  client.middlewareStack.add(
    (
      next: (args: {
        input: Record<string, unknown>;
      }) => Promise<{ output: { ConsumedCapacity?: Capacity | Capacity[] } }>,
      context: { commandName: string },
    ) =>
      async (args: { input: Record<string, unknown> }) => {
        const units = sink.getStore();
        if (!units) return next(args);
        const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
        const consumed = [result.output.ConsumedCapacity ?? []].flat();
        if (consumed.length === 0) unanswered++;
        if (reads.has(context.commandName)) {
          const floor = args.input.ConsistentRead ? 1 : 0.5;
          const reported = consumed.reduce((n, c) => n + (c.ReadCapacityUnits ?? c.CapacityUnits ?? 0), 0);
          if (reported < floor) units.rru += floor - reported;
        }
        for (const c of consumed) {
          const total = c.CapacityUnits ?? 0;
          if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
            units.rru += c.ReadCapacityUnits ?? 0;
            units.wru += c.WriteCapacityUnits ?? 0;
          } else if (reads.has(context.commandName)) units.rru += total;
          else units.wru += total;
        }
        units.calls++;
        return result;
      },
    { step: 'initialize', name: 'capacityMeter' },
  );
}

interface Operation {
  label: string;
  emails: number;
  /** @default OPERATIONS_RUNS */
  runs?: number;
  /** Untimed setup of `count` subjects; returns the operation on subject i. */
  prepare(world: World, count: number): Promise<(i: number) => Promise<unknown>>;
}

const sweep = createSweepHandler();
const scheduled = (now: Date): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: now.toISOString(),
  region: 'eu-west-2',
  resources: ['arn:aws:events:eu-west-2:000000000000:rule/threshold-sweep'],
  detail: {},
});

async function requests(world: World, count: number, confirmByHand: boolean) {
  const therapistId = await aTherapist(world);
  if (confirmByHand)
    expect(
      await world.send({
        method: 'PUT',
        path: '/me/settings',
        as: therapistId,
        json: { ...defaultPracticeSettings, requiresConfirmation: true },
      }),
      200,
      'settings',
    );
  const tokens = await invitations(world, therapistId, count);
  const starts = await freeTimesApart(world, tokens[0]!, count);
  return { therapistId, tokens, starts };
}

const operations = (
  mailer: ReturnType<typeof createMailerHandler>,
  redrive: ReturnType<typeof createRedriveHandler>,
): Operation[] => [
  {
    label: 'an enquiry (POST /therapists/{id}/enquiries)',
    emails: 2,
    prepare: async (world) => {
      const therapistId = await aTherapist(world);
      return () => sendEnquiry(world, therapistId);
    },
  },
  {
    label: 'accept an enquiry (an invitation to book)',
    emails: 1,
    prepare: async (world, count) => {
      const therapistId = await aTherapist(world);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await sendEnquiry(world, therapistId));
      return async (i) =>
        expect(
          await world.send({ method: 'POST', path: `/me/enquiries/${ids[i]}/accept`, as: therapistId }),
          200,
          'accept',
        );
    },
  },
  {
    label: 'book a consultation (a request the therapist confirms)',
    emails: 2,
    prepare: async (world, count) => {
      const { tokens, starts } = await requests(world, count, true);
      return async (i) =>
        expect(
          await world.send({ method: 'POST', path: `/invitations/${tokens[i]}/bookings`, json: { start: starts[i] } }),
          201,
          'booking',
        );
    },
  },
  {
    label: 'confirm a booking request',
    emails: 1,
    prepare: async (world, count) => {
      const { therapistId, tokens, starts } = await requests(world, count, true);
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push(
          expect(
            await world.send({
              method: 'POST',
              path: `/invitations/${tokens[i]}/bookings`,
              json: { start: starts[i] },
            }),
            201,
            'booking',
          ).json<{ bookingId: string }>().bookingId,
        );
      return async (i) =>
        expect(
          await world.send({ method: 'POST', path: `/me/bookings/${ids[i]}/confirm`, as: therapistId }),
          200,
          'confirm',
        );
    },
  },
  {
    label: 'cancel a booking (the therapist)',
    emails: 1,
    prepare: async (world, count) => {
      const { therapistId, tokens, starts } = await requests(world, count, false);
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push(
          expect(
            await world.send({
              method: 'POST',
              path: `/invitations/${tokens[i]}/bookings`,
              json: { start: starts[i] },
            }),
            201,
            'booking',
          ).json<{ bookingId: string }>().bookingId,
        );
      return async (i) =>
        expect(
          await world.send({ method: 'POST', path: `/me/bookings/${ids[i]}/cancel`, as: therapistId, json: {} }),
          200,
          'cancel',
        );
    },
  },
  {
    label: 'an email sent (mailer: a booking confirmation from the stream)',
    emails: 1,
    prepare: async (world, count) => {
      const { therapistId, tokens, starts } = await requests(world, count, false);
      for (let i = 0; i < count; i++)
        expect(
          await world.send({ method: 'POST', path: `/invitations/${tokens[i]}/bookings`, json: { start: starts[i] } }),
          201,
          'booking',
        );
      const records: DynamoDBStreamEvent['Records'] = (await world.itemsOf<OutboxItem>('outbox'))
        .filter(
          (o) =>
            o.message.template === 'booking-confirmed' &&
            o.message.therapistId === therapistId &&
            o.status === 'pending',
        )
        .map((o) => streamRecord(o as unknown as OutboxItem & Record<string, unknown>, { tableName: world.tableName }));
      return async (i) => {
        const result = await mailer({ Records: [records[i]!] }, lambdaContext('mailer'));
        if (result.batchItemFailures.length > 0) throw new Error('The mailer did not send the confirmation');
      };
    },
  },
  {
    label: 'a mailer re-drive run with nothing due (every 5 minutes: 8,640 a month)',
    emails: 0,
    prepare: async () => async () => redrive(scheduled(new Date()), lambdaContext('mailer', 60_000)),
  },
  {
    label: 'a sweep run with nothing due (every 5 minutes: 8,640 a month)',
    emails: 0,
    prepare: async () => async () => sweep(scheduled(new Date()), lambdaContext('sweep', 120_000)),
  },
  {
    label: 'a sweep run firing 10 due enquiry nudges',
    emails: 10,
    runs: 1,
    prepare: async (world) => {
      // Ten enquiries six days old: past the nudge (two working days), before the expiry.
      const past = new Date(Date.now() - 6 * 86_400_000);
      const therapistId = `cost-${randomUUID().slice(0, 8)}`;
      await putTherapist(world.runtime.db, world.tableName, {
        therapistId,
        displayName: 'Sam Rivera',
        shortName: 'Sam',
        email: `${therapistId}@therapist.test`,
        timeZone: 'Europe/London',
        createdAt: '2025-01-06T09:00:00.000Z',
      });
      for (let n = 0; n < 10; n++)
        expect(
          await world.send({
            method: 'POST',
            path: `/therapists/${therapistId}/enquiries`,
            json: { name: `Alex ${n}`, email: `alex-${randomUUID().slice(0, 8)}@client.test`, consent: true },
            sourceIp: `10.9.0.${n}`,
            now: past,
          }),
          201,
          'enquiry',
        );
      return async () => {
        const result = await sweep(scheduled(new Date()), lambdaContext('sweep', 120_000));
        if (result.fired !== 10 || result.failed > 0)
          throw new Error(`The sweep fired ${result.fired} of 10 (${result.failed} failed)`);
      };
    },
  },
];

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const world = await World.start();
try {
  const ses = { region: 'eu-west-2', endpoint: world.sesEndpoint };
  const sender = createSesSender(ses, createSesClient(ses));
  const mailer = createMailerHandler({ sender: () => sender });
  const redrive = createRedriveHandler({ sender: () => sender });
  const rows: string[] = [];
  for (const operation of operations(mailer, redrive)) {
    await world.freshTable();
    // The functions' log lines would bury the table.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    // One process plays every function: it needs the hash key the API functions and the mailer have.
    process.env.EMAIL_HASH_KEY = localEmailHashKey;
    resetRuntime();
    meter(world);
    const n = operation.runs ?? runs;
    const run = await operation.prepare(world, n);
    const units: Units = { rru: 0, wru: 0, calls: 0 };
    for (let i = 0; i < n; i++) await sink.run(units, () => run(i));
    const rru = units.rru / n;
    const wru = units.wru / n;
    const dollarsPerThousand = 1000 * (rru * price.rru + wru * price.wru + operation.emails * price.email);
    rows.push(
      `| ${operation.label} | ${fmt(units.calls / n)} | ${fmt(rru)} | ${fmt(wru)} | ${operation.emails} | $${dollarsPerThousand.toFixed(4)} |`,
    );
    process.stderr.write(`${operation.label}: done\n`);
  }
  console.log(
    `DynamoDB capacity per operation, measured against DynamoDB Local (ReturnConsumedCapacity TOTAL), ${runs} runs each (the nudges: one run), ${new Date().toISOString().slice(0, 10)}:\n`,
  );
  console.log('| operation | DynamoDB calls | read units | write units | emails | $ per 1,000 (DynamoDB + SES) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  if (unanswered > 0) console.log(`\n${unanswered} calls came back without ConsumedCapacity.`);
} finally {
  await world.stop();
}
