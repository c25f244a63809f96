import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  busyCalendarInserts,
  outboxInserts,
  startStreamPoller,
  type StreamPoller,
  type StreamPollerOptions,
} from '#infra/local/stream-poller.js';
import { useTestEnvironment } from '#test/support/environment.js';

const env = useTestEnvironment();
let poller: StreamPoller | undefined;
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

/** An outbox item as shared/store/outbox.ts writes it, tagged with the test run so tests sharing the stream ignore each other. */
const outboxItem = (run: string, id: string) => ({
  pk: `OUTBOX#${id}`,
  sk: 'OUTBOX',
  entity: 'outbox',
  status: 'pending',
  run,
  createdAt: '2026-03-02T10:00:00.000Z',
  message: {
    id,
    therapistId: 'demo-therapist',
    to: { email: 'client@example.test', name: 'Jo' },
    fromName: 'Sam Rivera',
    template: 'enquiry-received',
    data: {
      clientName: 'Jo',
      therapistName: 'Sam Rivera',
      replyBy: '2026-03-04T17:00:00+00:00',
      timeZone: 'Europe/London',
    },
  },
});

const ofRun = (run: string) => (r: DynamoDBRecord) => outboxInserts(r) && r.dynamodb?.NewImage?.run?.S === run;
const idOf = (r: DynamoDBRecord) => r.dynamodb!.NewImage!.message!.M!.id!.S!;

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'consumer'>) {
  return startStreamPoller({
    tableName: env.tableName,
    dynamodbEndpoint: env.dynamodbEndpoint,
    intervalMs: 50,
    retryBaseMs: 10,
    log: () => undefined,
    ...options,
  }).then((p) => (poller = p));
}

async function writeAll(run: string, ids: string[]): Promise<void> {
  await env.runtime().db.send(
    new BatchWriteCommand({
      RequestItems: { [env.tableName]: ids.map((id) => ({ PutRequest: { Item: outboxItem(run, id) } })) },
    }),
  );
}

describe('stream poller', () => {
  it('invokes the consumer with DynamoDBStreamEvent records as Lambda delivers them, outbox INSERTs only', async () => {
    const run = randomUUID();
    const events: DynamoDBStreamEvent[] = [];
    const started = await start({
      startAt: 'LATEST',
      filter: (r) => r.dynamodb?.NewImage?.run?.S === run && outboxInserts(r),
      consumer: async (event) => void events.push(event),
    });
    const db = env.runtime().db;
    await db.send(
      new PutCommand({
        TableName: env.tableName,
        Item: { pk: 'THERAPIST#x', sk: 'PROFILE', entity: 'therapist', run },
      }),
    );
    await db.send(new PutCommand({ TableName: env.tableName, Item: outboxItem(run, 'm1') }));
    await db.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: { pk: 'OUTBOX#m1', sk: 'OUTBOX' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'sent' },
      }),
    );
    await db.send(
      new PutCommand({
        TableName: env.tableName,
        Item: { ...outboxItem(run, 'bin'), blob: new Uint8Array([1, 2, 3]) },
      }),
    );
    await until(() => events.flatMap((e) => e.Records).length >= 2);
    await new Promise((r) => setTimeout(r, 300));

    const records = events.flatMap((e) => e.Records);
    expect(records.map(idOf)).toEqual(['m1', 'bin']);
    const [first] = records;
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      eventSourceARN: started.streamArn,
      dynamodb: {
        Keys: { pk: { S: 'OUTBOX#m1' }, sk: { S: 'OUTBOX' } },
        NewImage: {
          entity: { S: 'outbox' },
          status: { S: 'pending' },
          message: { M: { template: { S: 'enquiry-received' }, to: { M: { email: { S: 'client@example.test' } } } } },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(typeof first!.eventID).toBe('string');
    expect(first!.dynamodb!.SequenceNumber).toMatch(/^\d+$/);
    expect(first!.dynamodb!.SizeBytes).toBeGreaterThan(0);
    expect(typeof first!.dynamodb!.ApproximateCreationDateTime).toBe('number');
    expect(first!.dynamodb!.OldImage).toBeUndefined();
    // Binary attributes arrive base64-encoded, as in Lambda's JSON event.
    expect(records[1]!.dynamodb!.NewImage!.blob).toEqual({ B: 'AQID' });
    // The event is plain JSON, as Lambda hands it over.
    expect(JSON.parse(JSON.stringify(events[0]))).toEqual(events[0]);
  });

  it('starting at LATEST skips what was written before; TRIM_HORIZON reads it', async () => {
    const run = randomUUID();
    await writeAll(run, ['old']);
    const latest: string[] = [];
    await start({
      startAt: 'LATEST',
      filter: ofRun(run),
      consumer: async (e) => void latest.push(...e.Records.map(idOf)),
    });
    await writeAll(run, ['new']);
    await until(() => latest.includes('new'));
    expect(latest).toEqual(['new']);
    await poller!.stop();

    const horizon: string[] = [];
    await start({
      startAt: 'TRIM_HORIZON',
      filter: ofRun(run),
      consumer: async (e) => void horizon.push(...e.Records.map(idOf)),
    });
    await until(() => horizon.length >= 2);
    expect(horizon).toEqual(['old', 'new']);
  });

  it('retries from the first failed record, like ReportBatchItemFailures', async () => {
    const run = randomUUID();
    await writeAll(run, ['a', 'b', 'c', 'd']);
    const calls: string[][] = [];
    let failed = false;
    await start({
      startAt: 'TRIM_HORIZON',
      filter: ofRun(run),
      consumer: async (event): Promise<DynamoDBBatchResponse> => {
        calls.push(event.Records.map(idOf));
        const b = event.Records.find((r) => idOf(r) === 'b');
        if (b && !failed) {
          failed = true;
          // b fails and so does d; the mapping resumes at b, the first of them.
          const d = event.Records.find((r) => idOf(r) === 'd');
          return {
            batchItemFailures: [b, ...(d ? [d] : [])].map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
          };
        }
        return { batchItemFailures: [] };
      },
    });
    await until(() => calls.flat().includes('d') && calls.at(-1)?.at(-1) === 'd' && failed);
    await new Promise((r) => setTimeout(r, 200));
    // Whatever the batching, a is delivered once and the retry starts at b.
    expect(calls.flat().filter((id) => id === 'a')).toHaveLength(1);
    const retry = calls.findIndex((c, i) => i > 0 && c[0] === 'b');
    expect(retry).toBeGreaterThan(0);
    expect(calls[retry - 1]).toContain('b');
    expect(calls.slice(retry).flat()).toEqual(['b', 'c', 'd']);
  });

  it('gives up on a record after the retries, logs ids only, and moves on', async () => {
    const run = randomUUID();
    await writeAll(run, ['poison']);
    const lines: string[] = [];
    const attempts: string[] = [];
    await start({
      startAt: 'TRIM_HORIZON',
      filter: ofRun(run),
      maxRetries: 2,
      log: (line) => lines.push(line),
      consumer: async (event) => {
        attempts.push(...event.Records.map(idOf));
        return {
          batchItemFailures: event.Records.filter((r) => idOf(r) === 'poison').map((r) => ({
            itemIdentifier: r.dynamodb!.SequenceNumber!,
          })),
        };
      },
    });
    await until(() => lines.some((l) => l.includes('DLQ')));
    expect(attempts).toEqual(['poison', 'poison', 'poison']);
    await writeAll(run, ['after']);
    await until(() => attempts.includes('after'));
    const dlq = lines.find((l) => l.includes('DLQ'))!;
    expect(dlq).not.toContain('client@example.test');
    expect(dlq).not.toContain('Jo');
  });

  it('bisects a batch when the function throws, so good records are not held back by a poison one', async () => {
    const run = randomUUID();
    await writeAll(run, ['g1', 'g2', 'bad', 'g3']);
    const delivered: string[] = [];
    await start({
      startAt: 'TRIM_HORIZON',
      filter: ofRun(run),
      maxRetries: 1,
      consumer: async (event) => {
        if (event.Records.some((r) => idOf(r) === 'bad')) throw new Error('boom');
        delivered.push(...event.Records.map(idOf));
      },
    });
    await until(() => delivered.includes('g3'));
    expect(delivered.sort()).toEqual(['g1', 'g2', 'g3']);
  });

  it('feeds the calendar sync only busy calendars just saved, as its mapping filters them', () => {
    const record = (eventName: 'INSERT' | 'MODIFY', entity: string): DynamoDBRecord => ({
      eventName,
      dynamodb: { NewImage: { entity: { S: entity } } },
    });
    expect(busyCalendarInserts(record('INSERT', 'busy-calendar'))).toBe(true);
    // The sync's own writes to the calendar (claims, results) must not wake it again.
    expect(busyCalendarInserts(record('MODIFY', 'busy-calendar'))).toBe(false);
    expect(busyCalendarInserts(record('INSERT', 'outbox'))).toBe(false);
    expect(outboxInserts(record('INSERT', 'busy-calendar'))).toBe(false);
  });
});
