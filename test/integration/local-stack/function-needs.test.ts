/**
 * The local stack gives each function what shared/manifest/needs.ts declares and nothing more, as CDK does
 * in AWS: all functions share one process, yet each invocation sees only its own function's runtime.
 * So a need missing from the declaration fails here, as it would in AWS, instead of being hidden by
 * a process environment that gives everyone everything.
 */
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNeeds, type FunctionNeeds } from '#shared/manifest/needs.js';
import { backgroundFunctions, capabilities, type FunctionName } from '#shared/manifest/routes.js';
import { buildApiEvent, matchRoute, type RouteMatch } from '#infra/local/api-event.js';
import {
  asFunction,
  functionRuntimes,
  localEmailHashKey,
  localFunctionEnvironment,
  type LocalEndpoints,
} from '#infra/local/function-env.js';
import { seedTherapists } from '#infra/local/seed.js';
import { lambdaContext, loadHandler, type ApiHandler } from '#infra/local/stack.js';
import { loadRuntimeConfig } from '#shared/config.js';
import { createRuntime, getRuntime } from '#shared/runtime.js';
import { useTestEnvironment } from '#test/support/environment.js';

const env = useTestEnvironment();
const names: FunctionName[] = [...capabilities, ...backgroundFunctions];
let endpoints: LocalEndpoints;
let therapist: ApiHandler;

beforeAll(async () => {
  endpoints = {
    tableName: env.tableName,
    dynamodbEndpoint: env.dynamodbEndpoint,
    sesEndpoint: env.sesEndpoint,
    apiUrl: 'http://localhost:3000',
  };
  await seedTherapists(env.runtime().db, env.tableName);
  therapist = (await loadHandler('therapist'))!;
});

describe('local function environment', () => {
  it.each(names)('%s gets what shared/manifest/needs.ts declares for it, and nothing else', (name) => {
    const needs: FunctionNeeds = functionNeeds[name];
    const config = loadRuntimeConfig(localFunctionEnvironment(name, endpoints));
    expect(config.tableName).toBe(env.tableName);
    expect(config.emailHashKey).toBe(needs.emailHashKey ? localEmailHashKey : undefined);
    expect(config.sesEndpoint).toBe(needs.sendEmail ? env.sesEndpoint : undefined);
  });
});

describe('one process, a runtime per function', () => {
  const runtimes = () => functionRuntimes(endpoints);

  it("runs each invocation in its own function's runtime, even when invocations interleave", async () => {
    const all = runtimes();
    const seen = async (tag: string) => {
      const before = getRuntime().config.emailHashKey;
      await new Promise((r) => setTimeout(r, tag === 'therapist' ? 20 : 5));
      return { before, after: getRuntime().config.emailHashKey };
    };
    const keyless = all.get('sweep')!;
    const [asTherapist, asKeyless] = await Promise.all([
      asFunction(all.get('therapist')!, seen)('therapist'),
      asFunction(keyless, seen)('keyless'),
    ]);
    expect(asTherapist).toEqual({ before: localEmailHashKey, after: localEmailHashKey });
    expect(asKeyless).toEqual({ before: undefined, after: undefined });
  });

  const erase = async (needs: FunctionNeeds) => {
    const runtime = createRuntime(localFunctionEnvironment('therapist', endpoints, {}, needs));
    const match = matchRoute('POST', '/me/erasures') as RouteMatch;
    const event = buildApiEvent(
      {
        method: 'POST',
        url: '/me/erasures',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.org', confirm: true }),
        claims: { sub: 'demo-therapist', token_use: 'access' },
      },
      match,
    );
    const context: Context = lambdaContext('therapist');
    return (await asFunction(runtime, therapist)(event, context)) as { statusCode: number; body: string };
  };

  it('erases through the therapist function with the needs it declares (POST /me/erasures hashes the address)', async () => {
    const answer = await erase(functionNeeds.therapist);
    expect(answer.statusCode, answer.body).toBe(200);
  });

  it('fails the erasure locally, as in AWS, when the therapist function does not declare the email-hash key', async () => {
    const { emailHashKey: _dropped, ...without } = functionNeeds.therapist;
    const answer = await erase(without);
    expect(answer.statusCode).toBe(500);
  });
});
