/**
 * What `npm run dev` and `npm run invoke` share: where local state lives, the `.local/stack.json`
 * contract (docs/architecture.md, "Local stack contract"), and loading a function's handler by name. Handlers are
 * imported dynamically so the local stack runs whichever capabilities exist yet.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import type { FunctionName } from '#shared/manifest/routes.js';
import type { ApiEvent } from '#shared/http/api-handler.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Git-ignored. THRESHOLD_LOCAL_DIR moves it, so a test can run a whole stack beside a developer's. */
export const localDir = resolve(process.env.THRESHOLD_LOCAL_DIR ?? resolve(repoRoot, '.local'));
export const stackFile = resolve(localDir, 'stack.json');
export const dynamodbDataDir = resolve(localDir, 'dynamodb');

export const localTableName = 'threshold-local';
export const localRegion = 'eu-west-2';
export const localAccountId = '000000000000';

const therapistEntry = z.object({ id: z.string().min(1), token: z.string().min(1) });
export const stackFileSchema = z.object({
  apiUrl: z.url(),
  mailboxUrl: z.url(),
  dynamodbEndpoint: z.url(),
  demoTherapist: therapistEntry,
  otherTherapist: therapistEntry,
});
export type StackFile = z.infer<typeof stackFileSchema>;

export function writeStackFile(stack: StackFile, file: string = stackFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
}

export function removeStackFile(file: string = stackFile): void {
  rmSync(file, { force: true });
}

export class StackNotRunning extends Error {
  override name = 'StackNotRunning';
}

/** The running stack's addresses; a clear error when `npm run dev` has not written them. */
export function readStackFile(file: string = stackFile): StackFile {
  if (!existsSync(file))
    throw new StackNotRunning(`The local stack is not running (no ${file}): start it with npm run dev`);
  const parsed = stackFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new StackNotRunning(
      `${file} is not a stack file this version understands: restart the stack with npm run dev`,
    );
  return parsed.data;
}

/** What API Gateway's integration returns to it: a structured result, or any JSON value it wraps in a 200. */
export type ApiHandlerResult =
  | {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    }
  | unknown;
export type ApiHandler = (event: ApiEvent, context: Context) => Promise<ApiHandlerResult>;
/** Fed the stream's records, and scheduled for its re-drive. */
export type MailerHandler = ((event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>) &
  SweepHandler;
export type SweepHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;
export type SuppressionsHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;
/** Scheduled every 15 minutes, and fed the stream's busy-calendar INSERTs. */
export type CalendarSyncHandler = (event: ScheduledEvent | DynamoDBStreamEvent, context: Context) => Promise<unknown>;

export interface HandlerTypes {
  enquiries: ApiHandler;
  consultations: ApiHandler;
  rebooking: ApiHandler;
  therapist: ApiHandler;
  calendars: ApiHandler;
  console: ApiHandler;
  mailer: MailerHandler;
  sweep: SweepHandler;
  suppressions: SuppressionsHandler;
  'calendar-sync': CalendarSyncHandler;
}

/**
 * Locally the console is the same console over a different sign-in: the local key and a list of
 * therapists instead of Cognito, which cannot run here (infra/local/console.ts).
 */
const localHandlerFiles: Partial<Record<FunctionName, string>> = {
  console: resolve(repoRoot, 'infra/local/console.ts'),
};

export function handlerFile(name: FunctionName): string {
  return localHandlerFiles[name] ?? resolve(repoRoot, 'functions', name, 'handler.ts');
}

/** The function's exported `handler`, or undefined when the function has no handler file yet. */
export async function loadHandler<N extends FunctionName>(name: N): Promise<HandlerTypes[N] | undefined> {
  const file = handlerFile(name);
  if (!existsSync(file)) return undefined;
  const mod: unknown = await import(pathToFileURL(file).href);
  const handler = typeof mod === 'object' && mod !== null && 'handler' in mod ? mod.handler : undefined;
  if (typeof handler !== 'function') throw new Error(`${file} does not export a handler function`);
  return handler as HandlerTypes[N];
}

/** A Lambda context with what handlers may read; locally there is no deadline beyond Lambda's default. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  const name = `threshold-local-${functionName}`;
  const fail = (): never => {
    throw new Error('Callback-style context methods are not used by Threshold handlers');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: fail,
    fail,
    succeed: fail,
  };
}
