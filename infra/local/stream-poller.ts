/**
 * A stream consumer: what Lambda's DynamoDB event source mapping does for the mailer (and for the
 * calendar sync, with its own filter) in AWS, over DynamoDB Local's stream. It applies the same filter criteria, delivers records in Lambda's event
 * shape in order per shard, and honours ReportBatchItemFailures and BisectBatchOnFunctionError:
 * retry from the first failed record with backoff, then give up on the batch as the on-failure
 * destination (the DLQ) would receive it, and move on. Its outbox items stay pending in the table,
 * and the mailer's re-drive sends them, as in AWS.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type AttributeValue as SdkAttributeValue,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { BUSY_CALENDAR_ENTITY } from '#shared/store/busy-calendars.js';
import { OUTBOX_ENTITY } from '#shared/store/outbox.js';
import { lambdaContext, localRegion } from './stack.js';

/** A function the mapping invokes; a DynamoDBBatchResponse in its answer is honoured. */
export type StreamConsumer = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;

export interface StreamPollerOptions {
  tableName: string;
  dynamodbEndpoint: string;
  region?: string;
  /** The function the event source mapping invokes (the mailer's handler, or the calendar sync's). */
  consumer: StreamConsumer;
  /** The function's name, for its context and the log. */
  name?: string;
  /**
   * Where to start reading shards that are open when the poller starts. LATEST on a restart, so
   * outbox items from an earlier run are not delivered again; TRIM_HORIZON for a new table. Shards
   * that appear later are always read from TRIM_HORIZON so nothing written after start is missed.
   */
  startAt?: 'LATEST' | 'TRIM_HORIZON';
  /** The mapping's filter criteria; defaults to the CDK's (outbox INSERTs). */
  filter?: (record: DynamoDBRecord) => boolean;
  intervalMs?: number;
  batchSize?: number;
  /** Retries after the first attempt, like the mapping's MaximumRetryAttempts. */
  maxRetries?: number;
  retryBaseMs?: number;
  log?: (line: string) => void;
}

export interface StreamPoller {
  streamArn: string;
  stop(): Promise<void>;
}

/** The CDK filter criteria: `{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } }`. */
export const outboxInserts = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === OUTBOX_ENTITY;

/** The calendar sync's filter criteria: a busy calendar just saved. */
export const busyCalendarInserts = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === BUSY_CALENDAR_ENTITY;

/** Stream images as Lambda receives them: binary values base64-encoded, as in the JSON event. */
function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  throw new Error('Unknown attribute value type in stream record');
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

/** One stream record as the event source mapping hands it to Lambda. */
export function toLambdaRecord(record: SdkRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const out: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      // Lambda sends epoch seconds; the SDK parses the stream API's value into a Date.
      ...(d.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
  // TTL deletions carry the service as the identity; everything else has none.
  if (record.userIdentity)
    out.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  return out;
}

interface ShardState {
  shardId: string;
  parentShardId?: string;
  iterator?: string;
  /** Last sequence number read, to resume after an expired iterator. */
  lastSequenceNumber?: string;
  initialType: ShardIteratorType;
  done: boolean;
}

const discoverEveryMs = 2000;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const region = options.region ?? localRegion;
  const log = options.log ?? ((line: string) => console.log(line));
  const filter = options.filter ?? outboxInserts;
  const name = options.name ?? 'mailer';
  const intervalMs = options.intervalMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const maxRetries = options.maxRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const tables = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.dynamodbEndpoint, region, credentials });

  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  tables.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream: it must be created from createTableInput`);

  let stopped = false;
  let wake: (() => void) | undefined;
  /** A pause that stop() cuts short. */
  const pause = (ms: number) =>
    new Promise<void>((done) => {
      const timer = setTimeout(() => {
        wake = undefined;
        done();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        done();
      };
    });

  const shards = new Map<string, ShardState>();

  async function listShards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  async function discover(initial: boolean): Promise<void> {
    for (const shard of await listShards()) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const startAt = initial ? (options.startAt ?? 'LATEST') : 'TRIM_HORIZON';
      const state: ShardState = {
        shardId: shard.ShardId,
        ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        initialType: startAt,
        // Starting at LATEST, a shard closed before we started holds only what an earlier run saw.
        done: initial && startAt === 'LATEST' && closed,
      };
      shards.set(shard.ShardId, state);
      if (!state.done) await acquire(state);
    }
  }

  async function acquire(state: ShardState): Promise<void> {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: state.shardId,
        ...(state.lastSequenceNumber
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.lastSequenceNumber }
          : { ShardIteratorType: state.initialType }),
      }),
    );
    state.iterator = ShardIterator;
    if (!ShardIterator) state.done = true;
  }

  const backoff = (attempt: number) => Math.min(retryBaseMs * 2 ** (attempt - 1), 10_000);

  /** Invokes the consumer until the batch succeeds or its retries run out. */
  async function deliver(batch: DynamoDBRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0 && !stopped; attempt++) {
      let failedFrom: number;
      try {
        const response = (await options.consumer({ Records: pending }, lambdaContext(name))) as
          | Partial<DynamoDBBatchResponse>
          | undefined;
        const failures = response?.batchItemFailures ?? [];
        if (failures.length === 0) return;
        const indices = failures.map((f) =>
          f.itemIdentifier ? pending.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier) : -1,
        );
        // An empty or unknown identifier fails the whole batch, as Lambda treats it.
        failedFrom = indices.includes(-1) ? 0 : Math.min(...indices);
        log(
          `[stream] ${name} reported ${failures.length} failed record(s): ${failures.map((f) => f.itemIdentifier || '(none)').join(', ')} (attempt ${attempt})`,
        );
      } catch (error) {
        log(
          `[stream] ${name} threw ${error instanceof Error ? error.name : typeof error} on a batch of ${pending.length} (attempt ${attempt})`,
        );
        if (pending.length > 1) {
          // BisectBatchOnFunctionError: find the poison record without holding back the good ones.
          const middle = Math.ceil(pending.length / 2);
          await deliver(pending.slice(0, middle));
          await deliver(pending.slice(middle));
          return;
        }
        failedFrom = 0;
      }
      pending = pending.slice(failedFrom);
      if (attempt > maxRetries) {
        // Ids only: images hold names and email addresses.
        const ids = pending.map((r) => `${r.eventID} (seq ${r.dynamodb?.SequenceNumber})`).join(', ');
        log(
          `[stream] giving up after ${attempt} attempts; in AWS these would go to the ${name} mapping's on-failure destination (DLQ), if it has one (the mailer re-drives its emails from the table): ${ids}`,
        );
        return;
      }
      await pause(backoff(attempt));
    }
    if (pending.length > 0) log(`[stream] stopped while retrying ${pending.length} record(s); they were not delivered`);
  }

  async function pollShard(state: ShardState): Promise<number> {
    if (!state.iterator) return 0;
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: batchSize }));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
        await acquire(state);
        return 0;
      }
      throw error;
    }
    state.iterator = result.NextShardIterator;
    if (!state.iterator) state.done = true;
    const records = result.Records ?? [];
    if (records.length === 0) return 0;
    state.lastSequenceNumber = records[records.length - 1]!.dynamodb?.SequenceNumber ?? state.lastSequenceNumber;
    const batch = records.map((r) => toLambdaRecord(r, streamArn!, region)).filter(filter);
    if (batch.length) await deliver(batch);
    return records.length;
  }

  async function run(): Promise<void> {
    let lastDiscovery = Date.now();
    let failing = false;
    while (!stopped) {
      let read = 0;
      try {
        if (Date.now() - lastDiscovery > discoverEveryMs) {
          lastDiscovery = Date.now();
          await discover(false);
        }
        for (const state of shards.values()) {
          if (state.done || stopped) continue;
          // A child shard waits until its parent is drained, so records for one key stay in order.
          const parent = state.parentShardId ? shards.get(state.parentShardId) : undefined;
          if (parent && !parent.done) continue;
          read += await pollShard(state);
        }
        if (failing) log('[stream] reading the stream again');
        failing = false;
      } catch (error) {
        const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.name) : 'Error';
        if (!failing) log(`[stream] cannot read the stream (${reason}); retrying`);
        failing = true;
        if (!stopped) await pause(2000);
        continue;
      }
      if (read === 0 && !stopped) await pause(intervalMs);
    }
  }

  await discover(true);
  const running = run();
  return {
    streamArn,
    async stop() {
      stopped = true;
      wake?.();
      await running;
      streams.destroy();
    },
  };
}
