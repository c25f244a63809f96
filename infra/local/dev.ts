/**
 * `npm run dev`: the whole backend on this machine, no cloud account and no Docker. DynamoDB Local
 * (state under .local/dynamodb), the SES emulator and its web mailbox, the seeded table, the HTTP API
 * over the real handlers, the stream pollers feeding the mailer and the calendar sync, and the sweep
 * and the calendar sync on timers. Writes .local/stack.json once ready (docs/architecture.md, "Local stack contract").
 *
 * Options: PORT (API, default 3000), SES_PORT, DYNAMODB_PORT (otherwise free ports),
 * SWEEP_INTERVAL_SECONDS and CALENDAR_SYNC_INTERVAL_SECONDS (default 60 each), LOCAL_ALLOWED_ORIGINS
 * (CORS origins besides the stage's, e.g. http://localhost:5173); `--reset` starts from an empty database.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { capabilities, routes, type Capability, type FunctionName } from '#shared/manifest/routes.js';
import { localAllowedOrigins } from './allowed-origins.js';
import { startDynamoDbLocal, startSesEmulator, type RunningService } from './emulators.js';
import { applyFunctionEnvironment, asFunction, functionRuntimes, localProcessEnvironment } from './function-env.js';
import { loadOpenApiDocument, startApiServer } from './http-server.js';
import { loadSigningKey, signTherapistToken, verifyBearer } from './jwt.js';
import { demoTherapist, ensureTable, otherTherapist, seedTherapists } from './seed.js';
import {
  dynamodbDataDir,
  loadHandler,
  localDir,
  localRegion,
  localTableName,
  removeStackFile,
  repoRoot,
  stackFile,
  writeStackFile,
  type ApiHandler,
  type StackFile,
} from './stack.js';
import { busyCalendarInserts, startStreamPoller } from './stream-poller.js';
import { startSweepTimer } from './sweep-timer.js';

// Node 20 is the machines' version by design (docs/architecture.md); the SDK would warn on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const startedAt = performance.now();
const demoTokenLifetime = '30d';

function portFromEnv(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`${name} must be a port number (1-65535), not "${raw}"`);
  return port;
}

/** Fails before Java starts, so a busy port costs nothing. */
function assertPortFree(port: number, name: string): Promise<void> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} (${name}) is already in use. Stop whatever is using it, or choose another: ${name}=${port + 1} npm run dev`,
            )
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

/** Stops run in reverse start order: nothing is stopped while something started after it still uses it. */
const stops: { name: string; stop: () => Promise<void> }[] = [];
let stoppingSince: number | undefined;

/** Ctrl-C signals DynamoDB Local's Java too, so it is gone before the poller and sweep stop: their connection errors then are noise. */
const unlessStopping =
  <A extends unknown[]>(fn: (...args: A) => void) =>
  (...args: A): void => {
    if (stoppingSince === undefined) fn(...args);
  };

async function shutdown(code: number): Promise<never | void> {
  if (stoppingSince !== undefined) {
    // Ctrl-C reaches this process twice at once (from the terminal, and relayed by tsx): only a later
    // one means "force". The emulators' exit hook still kills DynamoDB Local.
    if (performance.now() - stoppingSince < 1500) return;
    console.log('\nForcing exit.');
    process.exit(code || 130);
  }
  stoppingSince = performance.now();
  removeStackFile();
  if (stops.length === 0) process.exit(code);
  console.log('\nStopping the local stack…');
  for (const { name, stop } of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`  could not stop ${name}:`, error instanceof Error ? error.message : error);
    }
  }
  console.log('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/**
 * `npm run dev` runs `sh -c "tsx …"`, and npm forwards SIGTERM to that shell only: the shell dies and
 * tsx and this process would run on, orphaned, with DynamoDB Local's Java. So when the launcher shell
 * goes away, stop as if signalled. Linux only (reads /proc); elsewhere Ctrl-C reaches the whole group.
 */
function stopWithLauncher(): void {
  if (!process.env.npm_lifecycle_event || !existsSync(`/proc/${process.ppid}/stat`)) return;
  // Fields after the command name, which is in parentheses and may contain spaces: state, ppid, …
  const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
  const launcher = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
  if (!Number.isInteger(launcher) || launcher <= 1) return;
  const alive = () => {
    try {
      process.kill(launcher, 0);
      return true;
    } catch {
      return false;
    }
  };
  setInterval(() => {
    if (!alive()) void shutdown(0);
  }, 1000).unref();
}

let dynamodbSeconds = 0;

async function startEmulators(): Promise<{ dynamodb: RunningService; ses: RunningService }> {
  const [dynamodb, ses] = await Promise.allSettled([
    startDynamoDbLocal({ dataDir: dynamodbDataDir, port: portFromEnv('DYNAMODB_PORT') }).then((service) => {
      dynamodbSeconds = (performance.now() - startedAt) / 1000;
      return service;
    }),
    startSesEmulator({ port: portFromEnv('SES_PORT') }),
  ]);
  if (dynamodb.status === 'fulfilled') stops.push({ name: 'DynamoDB Local', stop: dynamodb.value.stop });
  if (ses.status === 'fulfilled') stops.push({ name: 'SES emulator', stop: ses.value.stop });
  if (dynamodb.status === 'rejected') throw dynamodb.reason;
  if (ses.status === 'rejected') throw ses.reason;
  return { dynamodb: dynamodb.value, ses: ses.value };
}

/** Imported while Java starts: it is most of the start-up time otherwise, and import errors show at once. */
async function preloadApiHandlers(): Promise<Map<Capability, ApiHandler>> {
  const loaded = new Map<Capability, ApiHandler>();
  await Promise.all(
    capabilities.map(async (capability) => {
      const handler = await loadHandler(capability);
      if (handler) loaded.set(capability, handler);
    }),
  );
  return loaded;
}

async function main(): Promise<void> {
  stopWithLauncher();
  const port = portFromEnv('PORT', 3000)!;
  await assertPortFree(port, 'PORT');
  if (process.argv.includes('--reset')) {
    rmSync(dynamodbDataDir, { recursive: true, force: true });
    console.log(`Reset: removed ${relative(repoRoot, dynamodbDataDir)}`);
  }
  removeStackFile();

  const apiUrl = `http://localhost:${port}`;
  // Read before anything starts, so a bad LOCAL_ALLOWED_ORIGINS costs nothing.
  const allowedOrigins = localAllowedOrigins();
  const [{ dynamodb, ses }, apiHandlers, mailer, sweep, calendarSync] = await Promise.all([
    startEmulators(),
    preloadApiHandlers(),
    loadHandler('mailer'),
    loadHandler('sweep'),
    loadHandler('calendar-sync'),
  ]);

  // Only what every function shares goes into the process; each function's own settings and needs
  // (shared/manifest/needs.ts) live in its runtime, so one function never sees what another was given.
  applyFunctionEnvironment(localProcessEnvironment());
  const runtimes = functionRuntimes({
    tableName: localTableName,
    dynamodbEndpoint: dynamodb.url,
    sesEndpoint: ses.url,
    apiUrl,
  });
  const runtimeOf = (name: FunctionName) => runtimes.get(name)!;

  const client = new DynamoDBClient({
    endpoint: dynamodb.url,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { created } = await ensureTable(client, localTableName);
  const { added, withHours } = await seedTherapists(DynamoDBDocumentClient.from(client), localTableName);
  client.destroy();

  if (mailer) {
    // A new table's stream is read from the start; after a restart, from now, so earlier outbox items are
    // not resent. Any an earlier run left unsent are still pending in the table: the mailer's re-drive sends them.
    const poller = await startStreamPoller({
      tableName: localTableName,
      dynamodbEndpoint: dynamodb.url,
      consumer: asFunction(runtimeOf('mailer'), (event: DynamoDBStreamEvent, context: Context) =>
        mailer(event, context),
      ),
      startAt: created ? 'TRIM_HORIZON' : 'LATEST',
      log: unlessStopping(console.log),
    });
    stops.push({ name: 'stream poller', stop: poller.stop });
  }

  if (calendarSync) {
    // A busy calendar saved through the API is read at once, as the stream mapping does in AWS.
    const poller = await startStreamPoller({
      tableName: localTableName,
      dynamodbEndpoint: dynamodb.url,
      consumer: asFunction(runtimeOf('calendar-sync'), calendarSync),
      name: 'calendar-sync',
      filter: busyCalendarInserts,
      startAt: 'LATEST',
      log: unlessStopping(console.log),
    });
    stops.push({ name: 'calendar-sync stream poller', stop: poller.stop });
  }

  const api = await startApiServer({
    port,
    handlerFor: async (capability) => {
      const handler = apiHandlers.get(capability);
      return handler && asFunction(runtimeOf(capability), handler);
    },
    verify: (authorization) => verifyBearer(authorization),
    openApiDocument: loadOpenApiDocument,
    allowedOrigins,
  });
  // Pushed after the poller, so it stops first: requests in flight still get their outbox items delivered.
  stops.push({ name: 'HTTP API', stop: api.stop });

  if (sweep) {
    const intervalSeconds = Number(process.env.SWEEP_INTERVAL_SECONDS ?? 60);
    const timer = startSweepTimer({
      sweep: asFunction(runtimeOf('sweep'), sweep),
      intervalMs: intervalSeconds * 1000,
      runAtStart: true,
      onError: unlessStopping((error: unknown) => console.error('[sweep] failed:', error)),
    });
    stops.push({ name: 'sweep timer', stop: timer.stop });
  }

  if (mailer) {
    // The mailer's own schedule (every 5 minutes in AWS): the re-drive of what the stream did not send.
    const intervalSeconds = Number(process.env.SWEEP_INTERVAL_SECONDS ?? 60);
    const timer = startSweepTimer({
      sweep: asFunction(runtimeOf('mailer'), (event: ScheduledEvent, context: Context) => mailer(event, context)),
      rule: 'redrive',
      intervalMs: intervalSeconds * 1000,
      runAtStart: true,
      onError: unlessStopping((error: unknown) => console.error('[redrive] failed:', error)),
    });
    stops.push({ name: 'redrive timer', stop: timer.stop });
  }

  if (calendarSync) {
    const intervalSeconds = Number(process.env.CALENDAR_SYNC_INTERVAL_SECONDS ?? 60);
    const timer = startSweepTimer({
      sweep: asFunction(runtimeOf('calendar-sync'), calendarSync),
      rule: 'calendar-sync',
      intervalMs: intervalSeconds * 1000,
      runAtStart: true,
      onError: unlessStopping((error: unknown) => console.error('[calendar-sync] failed:', error)),
    });
    stops.push({ name: 'calendar-sync timer', stop: timer.stop });
  }

  const key = await loadSigningKey();
  const [demoToken, otherToken] = await Promise.all(
    [demoTherapist, otherTherapist].map((t) =>
      signTherapistToken(t.therapistId, { expiresIn: demoTokenLifetime, email: t.email, key }),
    ),
  );
  const stack: StackFile = {
    apiUrl,
    mailboxUrl: ses.url,
    dynamodbEndpoint: dynamodb.url,
    demoTherapist: { id: demoTherapist.therapistId, token: demoToken! },
    otherTherapist: { id: otherTherapist.therapistId, token: otherToken! },
  };
  writeStackFile(stack);

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const present = (name: string, ok: boolean) => `${name} ${ok ? '✓' : '–'}`;
  const background = { mailer: !!mailer, sweep: !!sweep, 'calendar-sync': !!calendarSync };
  const functions = [
    ...capabilities.map((c) => present(c, apiHandlers.has(c))),
    ...Object.entries(background).map(([n, ok]) => present(n, ok)),
  ].join('  ');
  const missing = [
    ...capabilities.filter((c) => !apiHandlers.has(c)),
    ...Object.entries(background)
      .filter(([, ok]) => !ok)
      .map(([n]) => n),
  ];
  const stackPath = relative(process.cwd(), stackFile) || stackFile;
  const seeded = [
    ...(added.length ? [`seeded ${added.join(', ')}`] : []),
    ...(withHours.length ? [`weekday hours for ${withHours.join(', ')}`] : []),
  ];
  console.log(`
Threshold local stack ready in ${seconds} s (DynamoDB Local took ${dynamodbSeconds.toFixed(1)} s)  →  ${stackPath}

  Contact    ${apiUrl}/contact/${demoTherapist.therapistId}   (start here: write to ${demoTherapist.displayName} as a client would)
  API        ${apiUrl}   (${routes.length} routes, described at ${apiUrl}/openapi.json)
  Console    ${apiUrl}/console   (the therapist's side: sign in as a seeded therapist)
  Mailbox    ${ses.url}   (every email sent; empties when the stack restarts; JSON at ${ses.url}/store)
  DynamoDB   ${dynamodb.url}   table ${localTableName}, ${created ? 'created' : 'kept'} in ${relative(process.cwd(), localDir) || localDir}/dynamodb${seeded.length ? `, ${seeded.join('; ')}` : ''}
  Functions  ${functions}${missing.length ? `\n             (– no handler file yet: ${missing.join(', ')})` : ''}

  Demo therapist   ${demoTherapist.therapistId} (${demoTherapist.displayName}, Monday to Friday 09:00 to 17:00 London time unless changed), token valid ${demoTokenLifetime}:
${demoToken}
  Other therapist  ${otherTherapist.therapistId} (${otherTherapist.displayName}, no working hours), token:
${otherToken}

  Try:
    open ${apiUrl}/contact/${demoTherapist.therapistId}, send a message, then follow the emails in the mailbox
    curl -H "Authorization: Bearer $(node -p "require('./${stackPath}').demoTherapist.token")" ${apiUrl}/me/enquiries
    npm run invoke -- sweep events/sweep-scheduled.json
    npm run invoke -- calendar-sync events/calendar-sync-scheduled.json --now

  Ctrl-C stops everything.
`);
}

process.on('unhandledRejection', (error) => console.error('[dev] unhandled rejection:', error));

main().catch(async (error: unknown) => {
  console.error(`\nThe local stack could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
