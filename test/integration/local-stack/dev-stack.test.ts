/**
 * `npm run dev` and `npm run invoke` as a developer runs them, in a temporary local directory so a
 * developer's own stack is untouched: the stack file contract, the API, one invoke, and a clean stop
 * that leaves no DynamoDB Local (Java) process behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/emulators.js';
import { repoRoot, stackFileSchema } from '#infra/local/stack.js';
import { startCalendarServer } from '#test/support/calendar-server.js';
import { calendar, event } from '#test/unit/calendars/ics-samples.js';

const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');
const localDir = mkdtempSync(join(tmpdir(), 'threshold-dev-'));
const { npm_lifecycle_event: _launchedByNpm, ...baseEnv } = process.env;
const env = { ...baseEnv, THRESHOLD_LOCAL_DIR: localDir, POWERTOOLS_LOG_LEVEL: 'WARN' };
let dev: ChildProcess | undefined;

afterAll(() => {
  if (dev && dev.exitCode === null) dev.kill('SIGKILL');
  // Only if the test failed half-way: the Java process serving this test's own temporary directory.
  for (const pid of javaFor(localDir).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
  rmSync(localDir, { recursive: true, force: true });
});

const javaFor = (dir: string) =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.*${dir}`], { encoding: 'utf8' }).stdout.trim();

describe('npm run dev / npm run invoke', () => {
  it('tells you to start the stack when it is not running', () => {
    const result = spawnSync(tsx, ['infra/local/invoke.ts', 'sweep', 'events/sweep-scheduled.json'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('start it with npm run dev');
  });

  it('starts everything, writes .local/stack.json, serves the API, runs an invoke, and stops cleanly', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    dev = spawn(tsx, ['infra/local/dev.ts'], {
      cwd: repoRoot,
      env: {
        ...env,
        PORT: String(port),
        SWEEP_INTERVAL_SECONDS: '3600',
        CALENDAR_SYNC_INTERVAL_SECONDS: '3600',
        LOCAL_ALLOWED_ORIGINS: 'http://localhost:5173',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    dev.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((done) => dev!.once('exit', (code) => done(code)));

    const file = join(localDir, 'stack.json');
    const deadline = Date.now() + 90_000;
    while (!existsSync(file)) {
      if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no stack.json after 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const stack = stackFileSchema.strict().parse(JSON.parse(readFileSync(file, 'utf8')));
    // The banner follows the file by a moment (on a loaded machine, more than one).
    for (const until = Date.now() + 10_000; !output.includes('Ctrl-C stops everything') && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 100));
    expect(stack.apiUrl).toBe(`http://localhost:${port}`);
    expect(stack.demoTherapist.id).toBe('demo-therapist');
    expect(stack.otherTherapist.id).toBe('other-therapist');
    expect(output).toContain(stack.demoTherapist.token);
    // The banner says only what is there: the contact page to start from, the OpenAPI document.
    expect(output).toContain(`Contact    ${stack.apiUrl}/contact/demo-therapist`);
    expect(output).not.toContain('when the OpenAPI module exists');
    const contact = await fetch(`${stack.apiUrl}/contact/demo-therapist`);
    expect(contact.status).toBe(200);
    expect(await contact.text()).toContain('<h1>Write to Sam Rivera</h1>');
    expect((await fetch(`${stack.apiUrl}/openapi.json`)).status).toBe(200);

    const health = await fetch(`${stack.apiUrl}/health`);
    expect(health.status).toBe(200);
    const inbox = await fetch(`${stack.apiUrl}/me/enquiries`, {
      headers: { authorization: `Bearer ${stack.demoTherapist.token}` },
    });
    expect(inbox.status).not.toBe(401);
    expect((await fetch(`${stack.apiUrl}/me/enquiries`)).status).toBe(401);
    // Each function runs with only the needs shared/manifest/needs.ts declares, as in AWS: erasure hashes
    // the address, so it works only because the therapist function declares the email-hash key.
    const erasure = await fetch(`${stack.apiUrl}/me/erasures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.demoTherapist.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.org', confirm: true }),
    });
    expect(erasure.status, await erasure.clone().text()).toBe(200);
    expect((await fetch(`${stack.mailboxUrl}/store`)).status).toBe(200);

    // CORS: the dev stage's origins from cdk.json, plus LOCAL_ALLOWED_ORIGINS, and nothing else.
    const preflightFrom = async (origin: string) =>
      (
        await fetch(`${stack.apiUrl}/me/enquiries`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET' },
        })
      ).headers.get('access-control-allow-origin');
    const stageOrigins = (
      JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
        context: { stages: { dev: { allowedOrigins: string[] } } };
      }
    ).context.stages.dev.allowedOrigins;
    for (const origin of [...stageOrigins, 'http://localhost:5173']) expect(await preflightFrom(origin)).toBe(origin);
    expect(await preflightFrom('https://evil.example')).toBeNull();

    const invoked = spawnSync(tsx, ['infra/local/invoke.ts', 'enquiries', 'events/api-health.json'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
    const bounced = spawnSync(tsx, ['infra/local/invoke.ts', 'suppressions', 'events/ses-bounce.json'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(bounced.status, bounced.stderr).toBe(0);
    expect(JSON.parse(bounced.stdout)).toEqual({ outcome: 'suppressed', recipients: 1, written: 1, kept: 0 });

    const synced = spawnSync(
      tsx,
      ['infra/local/invoke.ts', 'calendar-sync', 'events/calendar-sync-scheduled.json', '--now'],
      { cwd: repoRoot, env, encoding: 'utf8' },
    );
    expect(synced.status, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toEqual({ read: 0, failed: 0, skipped: 0 });

    // A busy calendar served from this machine is read as soon as it is saved (the stack's stream poller).
    const calendars = await startCalendarServer();
    try {
      const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
      calendars.serve(
        '/home.ics',
        calendar(event({ uid: 'a', start: `${tomorrow}T100000Z`, end: `${tomorrow}T110000Z` })),
      );
      const auth = { authorization: `Bearer ${stack.demoTherapist.token}`, 'content-type': 'application/json' };
      // The invokes above outlast the server's keep-alive: the first request may meet a pooled socket it just closed.
      const fetch = (url: string, init?: RequestInit) =>
        globalThis.fetch(url, init).catch(() => globalThis.fetch(url, init));
      const saved = await fetch(`${stack.apiUrl}/me/busy-calendars`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify([{ label: 'Home', url: `${calendars.url}/home.ics` }]),
      });
      expect(saved.status).toBe(200);
      const readBy = Date.now() + 20_000;
      let seen: { status: string; busyTimes: number }[] = [];
      while (Date.now() < readBy) {
        seen = (await (await fetch(`${stack.apiUrl}/me/busy-calendars`, { headers: auth })).json()) as typeof seen;
        if (seen[0]?.status !== 'waiting') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen[0]).toMatchObject({ status: 'ok', busyTimes: 1 });
      await fetch(`${stack.apiUrl}/me/busy-calendars`, { method: 'PUT', headers: auth, body: '[]' });
    } finally {
      await calendars.stop();
    }

    expect(javaFor(localDir)).not.toBe('');
    dev.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    expect(existsSync(file)).toBe(false);
    expect(javaFor(localDir)).toBe('');
  });
});
