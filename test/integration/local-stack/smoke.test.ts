/**
 * `npm run smoke` against the local stack's API (real handlers, each in its own function's runtime,
 * as `npm run dev` runs them): every check passes, with and without a served OpenAPI document; and
 * against an API whose routes are not behind the authorizer, the smoke test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, type Capability } from '#shared/manifest/routes.js';
import { asFunction, functionRuntimes } from '#infra/local/function-env.js';
import {
  loadOpenApiDocument,
  startApiServer,
  type ApiServerOptions,
  type RunningApiServer,
} from '#infra/local/http-server.js';
import { loadSigningKey, verifyBearer, type LocalSigningKey } from '#infra/local/jwt.js';
import { loadHandler, type ApiHandler } from '#infra/local/stack.js';
import { probeRoutes, runSmoke } from '../../../scripts/smoke.js';
import { useTestEnvironment } from '#test/support/environment.js';

const env = useTestEnvironment();
const dir = mkdtempSync(join(tmpdir(), 'threshold-smoke-'));
const servers: RunningApiServer[] = [];
let key: LocalSigningKey;
let handlers: Map<Capability, ApiHandler>;

async function serve(overrides: Partial<ApiServerOptions> = {}): Promise<string> {
  const server = await startApiServer({
    port: 0,
    handlerFor: async (capability) => handlers.get(capability),
    verify: (authorization) => verifyBearer(authorization, { key }),
    openApiDocument: loadOpenApiDocument,
    log: () => undefined,
    ...overrides,
  });
  servers.push(server);
  return server.url;
}

beforeAll(async () => {
  key = await loadSigningKey(join(dir, 'key.json'));
  const runtimes = functionRuntimes({
    tableName: env.tableName,
    dynamodbEndpoint: env.dynamodbEndpoint,
    sesEndpoint: env.sesEndpoint,
    apiUrl: 'http://localhost',
  });
  handlers = new Map();
  for (const capability of capabilities) {
    const handler = await loadHandler(capability);
    if (handler) handlers.set(capability, asFunction(runtimes.get(capability)!, handler));
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run smoke', () => {
  it('probes liveness and every readiness route the route list declares', () => {
    expect(probeRoutes().map((r) => r.path)).toContain('/health');
  });

  it('passes against the local stack, which serves its OpenAPI document', async () => {
    const checks = await runSmoke(await serve());
    expect(
      checks.filter((c) => c.outcome !== 'pass'),
      JSON.stringify(checks, null, 2),
    ).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'GET /health answers 200',
        'OpenAPI document',
        expect.stringMatching(/^every authenticated operation answers 401 without a token \(\d+\)$/),
        'an unknown address answers 404',
        'a link with an unknown token gets a kind page, not a raw error',
      ]),
    );
  });

  it('falls back to docs/openapi.json where the document is not served, as on a deployed stage', async () => {
    const checks = await runSmoke(await serve({ openApiDocument: undefined }));
    expect(checks.find((c) => c.name === 'OpenAPI document')).toMatchObject({
      outcome: 'skip',
      detail: expect.stringContaining('docs/openapi.json'),
    });
    expect(checks.filter((c) => c.outcome === 'fail')).toEqual([]);
  });

  it('fails where authenticated routes answer without a token', async () => {
    const checks = await runSmoke(
      await serve({ verify: async () => ({ sub: 'demo-therapist', token_use: 'access' }) }),
    );
    expect(checks.find((c) => c.name.startsWith('every authenticated operation'))).toMatchObject({
      outcome: 'fail',
      detail: expect.stringContaining('GET /me/enquiries'),
    });
  });
});
