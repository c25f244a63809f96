/**
 * What a person, and a probe, are told when the table cannot be reached: the real handlers, with
 * the runtime's DynamoDB client pointed at a port where nothing listens (what an outage looks like
 * from Lambda), or at one that never answers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getRuntime, resetRuntime } from '#shared/runtime.js';
import { createDocumentClient } from '#shared/store/dynamo.js';
import { openStore } from '#shared/store/index.js';
import { captureLogs, type LogCapture } from '#test/support/capture-logs.js';
import { send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, anEnquiryFrom } from '#test/support/steps/given.js';

useTestEnvironment();

/** A port that was free a moment ago and that nothing listens on now. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

beforeAll(async () => {
  const live = getRuntime();
  const db = createDocumentClient({ region: live.config.region, endpoint: `http://127.0.0.1:${await deadPort()}` });
  // The store handle is opened on a client: one on the dead endpoint, as a runtime made there would have.
  resetRuntime({ ...live, db, store: openStore({ db, tableName: live.config.tableName }) });
});
afterAll(() => resetRuntime());

let logs: LogCapture;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.stop());

const token = () => randomBytes(32).toString('base64url');

/** A DynamoDB endpoint that accepts connections and never answers: a hung network path. */
async function hungEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

interface ProblemBody {
  status: number;
  detail: string;
  requestId?: string;
}

describe('with the table unreachable', () => {
  it('tells a client their enquiry did not go through, and how else to reach the therapist', async () => {
    const client = aClient();
    const response = await send({
      method: 'POST',
      path: '/therapists/t-someone/enquiries',
      json: anEnquiryFrom(client),
      sourceIp: client.sourceIp,
    });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const { detail, requestId } = response.json<ProblemBody>();
    expect(detail).not.toMatch(/lost/i);
    expect(detail).toMatch(/did not go through/);
    expect(detail).toMatch(/try again in a few minutes/);
    expect(detail).toMatch(/contact the therapist another way/);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.text()).toContain('unhandled error');
    for (const personal of [client.email, client.name]) expect(logs.text()).not.toContain(personal);
  });

  it('tells a therapist the same, with a reference to quote', async () => {
    const response = await send({ method: 'GET', path: '/me/enquiries', as: 't-someone' });
    expect(response.status).toBe(500);
    const { detail, requestId } = response.json<ProblemBody>();
    expect(detail).toMatch(/did not go through/);
    expect(detail).toContain(requestId);
    // The reference finds the error's log line.
    expect(logs.lines.some((line) => line.includes('unhandled error') && line.includes(requestId!))).toBe(true);
    expect(detail).not.toMatch(/contact the therapist/);
  });

  it('answers a page with a page that says the same in plain words', async () => {
    const response = await send({ method: 'GET', path: `/book/${token()}` });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('<h1>This did not go through</h1>');
    expect(response.text).toMatch(/try again in a few minutes/);
    expect(response.text).toMatch(/contact the therapist another way/);
    expect(response.text).not.toMatch(/Internal server error|lost/i);
  });

  it('speaks to the therapist on their one-click action page', async () => {
    const response = await send({ method: 'GET', path: `/actions/${token()}` });
    expect(response.status).toBe(500);
    expect(response.text).toContain('<h1>This did not go through</h1>');
    expect(response.text).not.toMatch(/contact the therapist/);
  });
});

describe('liveness and readiness with the table unreachable', () => {
  it('keeps liveness cheap: /health still says ok, without touching the table', async () => {
    const response = await send({ method: 'GET', path: '/health' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /health/ready with a 503 problem that says why', async () => {
    const response = await send({ method: 'GET', path: '/health/ready' });
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.json()).toMatchObject({
      status: 503,
      type: expect.stringContaining('not-ready'),
      detail: expect.stringMatching(/table/),
    });
    expect(logs.text()).toMatch(/"message":"not ready".*"errorName"/);
  });

  it('answers within its bound when the table hangs rather than refuses', async () => {
    const hung = await hungEndpoint();
    const dead = getRuntime();
    const hungDb = createDocumentClient({ region: dead.config.region, endpoint: hung.url });
    resetRuntime({ ...dead, db: hungDb, store: openStore({ db: hungDb, tableName: dead.config.tableName }) });
    try {
      const started = performance.now();
      const response = await send({ method: 'GET', path: '/health/ready' });
      expect(response.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(4000);
    } finally {
      resetRuntime(dead);
      await hung.close();
    }
  });
});
