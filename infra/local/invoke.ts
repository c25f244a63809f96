/**
 * `npm run invoke -- <function> <event.json> [--now]`: runs one function once against the running
 * local stack (the SAM convention). The event is used as given; an API event only gets what API
 * Gateway would have filled in and the file leaves out (routeKey, path parameters, request id and
 * time). Claims are never added: a therapist event without them must get a 401 from the handler.
 * `--now` restamps the event's time (API request time, or the sweep's `time`) with the wall clock.
 *
 * The result goes to stdout; the function's own logs go to stderr, so `npm run -s invoke … | jq` works.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { backgroundFunctions, capabilities, type Capability, type FunctionName } from '#shared/manifest/routes.js';
import type { ApiEvent } from '#shared/http/api-handler.js';
import { buildApiEvent, matchRoute } from './api-event.js';
import { applyFunctionEnvironment, localFunctionEnvironment } from './function-env.js';
import {
  handlerFile,
  lambdaContext,
  loadHandler,
  localTableName,
  readStackFile,
  StackNotRunning,
  type StackFile,
} from './stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const functionNames: readonly FunctionName[] = [...capabilities, ...backgroundFunctions];
const usage = `Usage: npm run invoke -- <${functionNames.join('|')}> <event.json> [--now]`;

class UsageError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `given` wins everywhere; `base` only fills what `given` lacks. */
function fillMissing(base: Json, given: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(given)) out[k] = isObject(v) && isObject(base[k]) ? fillMissing(base[k], v) : v;
  return out;
}

const apiEventShape = z.looseObject({
  rawPath: z.string().optional(),
  rawQueryString: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  requestContext: z
    .looseObject({ http: z.looseObject({ method: z.string().optional(), path: z.string().optional() }).optional() })
    .optional(),
});

/** What API Gateway would have put in the event, under everything the file says. */
function completeApiEvent(given: Json, now: Date | undefined): Json {
  const shape = apiEventShape.parse(given);
  const method = shape.requestContext?.http?.method ?? 'GET';
  const path = shape.rawPath ?? shape.requestContext?.http?.path;
  let event = given;
  const match = path ? matchRoute(method, path) : undefined;
  if (match && !('methodNotAllowed' in match)) {
    const query = shape.rawQueryString ? `?${shape.rawQueryString}` : '';
    const built = buildApiEvent(
      {
        method,
        url: `${path}${query}`,
        headers: shape.headers ?? {},
        ...(shape.body !== undefined ? { body: shape.body } : {}),
      },
      match,
    );
    event = fillMissing(built as unknown as Json, given);
  }
  if (now) {
    const requestContext = isObject(event.requestContext) ? event.requestContext : {};
    event = { ...event, requestContext: { ...requestContext, time: now.toISOString(), timeEpoch: now.getTime() } };
  }
  return event;
}

async function assertReachable(stack: StackFile): Promise<void> {
  try {
    await fetch(stack.dynamodbEndpoint, { signal: AbortSignal.timeout(2000) });
  } catch {
    throw new StackNotRunning(
      `The local stack is not running (nothing answers at ${stack.dynamodbEndpoint}; .local/stack.json is left from an earlier run): start it with npm run dev`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const restamp = args.includes('--now');
  const [name, eventPath] = args.filter((a) => a !== '--now');
  if (!name || !eventPath) throw new UsageError(usage);
  if (!(functionNames as readonly string[]).includes(name))
    throw new UsageError(`Unknown function "${name}".\n${usage}`);
  const fn = name as FunctionName;

  let given: unknown;
  try {
    given = JSON.parse(readFileSync(resolve(eventPath), 'utf8'));
  } catch (error) {
    throw new UsageError(
      `Cannot read the event ${eventPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isObject(given)) throw new UsageError(`${eventPath} must hold one JSON object (the event).`);

  const stack = readStackFile();
  await assertReachable(stack);
  // One function per run: its own environment (settings and declared needs) is the process's.
  applyFunctionEnvironment(
    localFunctionEnvironment(fn, {
      tableName: localTableName,
      dynamodbEndpoint: stack.dynamodbEndpoint,
      sesEndpoint: stack.mailboxUrl,
      apiUrl: stack.apiUrl,
    }),
  );

  const now = restamp ? new Date() : undefined;
  const context = lambdaContext(fn);
  // Handlers log to stdout (as Lambda captures it); keep stdout for the result alone.
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let result: unknown;
  try {
    if ((capabilities as readonly string[]).includes(fn)) {
      const handler = await loadHandler(fn as Capability);
      if (!handler) throw new UsageError(`${handlerFile(fn)} does not exist yet.`);
      result = await handler(completeApiEvent(given, now) as unknown as ApiEvent, context);
    } else if (fn === 'mailer') {
      const handler = await loadHandler('mailer');
      if (!handler) throw new UsageError(`${handlerFile(fn)} does not exist yet.`);
      result = await handler(given as unknown as Parameters<typeof handler>[0], context);
    } else if (fn === 'suppressions') {
      // An SES bounce or complaint event as EventBridge delivers it (events/ses-bounce.json); nothing to fill in.
      const handler = await loadHandler('suppressions');
      if (!handler) throw new UsageError(`${handlerFile(fn)} does not exist yet.`);
      result = await handler(given as unknown as Parameters<typeof handler>[0], context);
    } else if (fn === 'calendar-sync') {
      // A scheduled event (events/calendar-sync-scheduled.json: reads every calendar due) or a stream
      // event with busy-calendar INSERTs (reads those at once); --now restamps a scheduled one.
      const handler = await loadHandler('calendar-sync');
      if (!handler) throw new UsageError(`${handlerFile(fn)} does not exist yet.`);
      const event =
        now && !('Records' in given) ? { ...given, time: now.toISOString().replace(/\.\d{3}Z$/, 'Z') } : given;
      result = await handler(event as unknown as Parameters<typeof handler>[0], context);
    } else {
      const handler = await loadHandler('sweep');
      if (!handler) throw new UsageError(`${handlerFile(fn)} does not exist yet.`);
      const event = now ? { ...given, time: now.toISOString().replace(/\.\d{3}Z$/, 'Z') } : given;
      result = await handler(event as unknown as Parameters<typeof handler>[0], context);
    }
  } finally {
    process.stdout.write = writeOut;
  }
  await new Promise<void>((done) => process.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`, () => done()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof StackNotRunning) console.error(error.message);
    else console.error(`The ${process.argv[2] ?? ''} function failed:`, error);
    process.exit(1);
  },
);
