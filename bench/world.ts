/**
 * The bench's local stack: DynamoDB Local and the SES emulator, the table and its mirror (see
 * recorder.ts), the function environment, and requests that go through the real handlers as API
 * Gateway events — the same path the tests' handler driver takes.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { Capability } from '#shared/manifest/routes.js';
import { buildApiEvent, matchRoute } from '#infra/local/api-event.js';
import { startDynamoDbLocal, startSesEmulator, type RunningService } from '#infra/local/emulators.js';
import { localFunctionEnvironment } from '#infra/local/function-env.js';
import type { ApiEvent, ApiResponse } from '#shared/http/api-handler.js';
import { getRuntime, resetRuntime, type Runtime } from '#shared/runtime.js';
import { createTableInput } from '#shared/store/table.js';
import { CallRecorder, Replayer } from './recorder.js';

const region = 'eu-west-2';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The table as deployed, without its stream. Nothing reads a stream here (the mailer route is fed
 * stream records the bench makes), and DynamoDB Local writes a stream record for every write on its
 * one SQLite thread, keeping them 24 h: after the warm routes at 200 requests each, a thread dump
 * showed that thread busy in the stream's shard look-up while every write queued behind it for
 * seconds, until the sweep's setup requests hit their 30 s contexts. DynamoDB's own stream costs a
 * write nothing, so the bench is nearer AWS without it.
 */
const benchTableInput = (name: string): CreateTableCommandInput => ({
  ...createTableInput(name),
  StreamSpecification: undefined,
});

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => timeoutMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type ApiHandler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  as?: string;
  sourceIp?: string;
  now?: Date;
}

export interface Reply {
  status: number;
  json<T = Record<string, unknown>>(): T;
}

export class World {
  readonly recorder = new CallRecorder();
  replayer!: Replayer;
  tableName = '';
  private readonly handlers = new Map<Capability, ApiHandler>();

  private constructor(
    private readonly services: RunningService[],
    private readonly dynamodbEndpoint: string,
    readonly sesEndpoint: string,
    readonly raw: { dynamodb: DynamoDBClient; sesv2: SESv2Client },
  ) {}

  static async start(): Promise<World> {
    const [dynamodb, ses] = await Promise.all([startDynamoDbLocal(), startSesEmulator()]);
    const raw = {
      dynamodb: new DynamoDBClient({ region, endpoint: dynamodb.url, credentials }),
      sesv2: new SESv2Client({ region, endpoint: ses.url, credentials, maxAttempts: 1 }),
    };
    const world = new World([dynamodb, ses], dynamodb.url, ses.url, raw);
    await world.freshTable();
    return world;
  }

  /** A new empty table and mirror, and a runtime that writes to them. */
  async freshTable(): Promise<void> {
    const tableName = `bench-${randomUUID().slice(0, 8)}`;
    await this.raw.dynamodb.send(new CreateTableCommand(benchTableInput(tableName)));
    await this.raw.dynamodb.send(new CreateTableCommand(benchTableInput(`${tableName}-mirror`)));
    // The last table's items are no use to anyone now, and DynamoDB Local keeps them all in memory.
    if (this.tableName)
      for (const old of [this.tableName, `${this.tableName}-mirror`])
        await this.raw.dynamodb.send(new DeleteTableCommand({ TableName: old }));
    // One process plays every function; the mailer's needs (table, email-hash key, SES) cover the others'.
    const env = localFunctionEnvironment(
      'mailer',
      {
        tableName,
        dynamodbEndpoint: this.dynamodbEndpoint,
        sesEndpoint: this.sesEndpoint,
        apiUrl: 'https://api.threshold.test',
      },
      // Requests come from a handful of addresses and emails far faster than people send them.
      { rateLimitPerAddressPerHour: 100_000, rateLimitPerEmailPerDay: 1000 },
    );
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    // As in Lambda: the functions log at INFO (the worker's stdout goes nowhere).
    Object.assign(process.env, env, { POWERTOOLS_LOG_LEVEL: 'INFO' });
    resetRuntime();
    this.recorder.takeBackground();
    this.recorder.attach(getRuntime().db, 'dynamodb');
    this.tableName = tableName;
    this.replayer = new Replayer(this.raw, tableName, `${tableName}-mirror`);
  }

  get runtime(): Runtime {
    return getRuntime();
  }

  async handler(capability: Capability): Promise<ApiHandler> {
    let h = this.handlers.get(capability);
    if (!h) {
      h = ((await import(`../functions/${capability}/handler.js`)) as { handler: ApiHandler }).handler;
      this.handlers.set(capability, h);
    }
    return h;
  }

  /** One request through its capability's handler, as API Gateway would deliver it. */
  async send(request: Request): Promise<Reply> {
    const [path = '/'] = request.path.split('?', 1);
    const match = matchRoute(request.method, path);
    if (!match || 'methodNotAllowed' in match) throw new Error(`No route for ${request.method} ${path}`);
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const event = buildApiEvent(
      {
        method: request.method,
        url: request.path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
        sourceIp: request.sourceIp ?? '192.0.2.1',
        ...(request.as ? { claims: { sub: request.as, token_use: 'access' } } : {}),
        now: request.now ?? new Date(),
      },
      match,
    );
    const handler = await this.handler(match.route.capability);
    const response = await handler(event, lambdaContext(match.route.capability));
    const text = typeof response.body === 'string' ? response.body : '';
    return { status: response.statusCode, json: <T>() => JSON.parse(text) as T };
  }

  /** Every item of one entity (setup only: finds what the handlers wrote, such as outbox messages). */
  async itemsOf<T>(entity: string): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.runtime.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entity = :e',
          ExpressionAttributeValues: { ':e': entity },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((page.Items ?? []) as T[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Brings the mirror up to date with everything done outside measured requests. */
  async syncMirror(): Promise<void> {
    const calls = this.recorder.takeBackground();
    for (const call of calls) await this.replayer.replay([call]);
  }

  async stop(): Promise<void> {
    this.raw.dynamodb.destroy();
    this.raw.sesv2.destroy();
    await Promise.all(this.services.map((s) => s.stop()));
  }
}
