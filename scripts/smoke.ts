/**
 * `npm run smoke -- --stage <stage>` (reads the Api stack's ApiUrl output with the AWS CLI) or
 * `npm run smoke -- --url <ApiUrl>` (a deployed stage or the local stack): a read-only check that a
 * deployment answers as it should. It writes nothing: every request is a GET, or a call the JWT
 * authorizer refuses (401) before any function runs.
 *
 * Checks: liveness (/health) and any readiness route the route list declares; the OpenAPI document
 * (served at /openapi.json by the local stack; a deployed stage does not serve it, so the committed
 * docs/openapi.json describes it instead); every authenticated operation in that document answers
 * 401 without a token (so each route exists and sits behind the authorizer); an unknown address is
 * 404; and a link with an unknown token gets a kind HTML page, not a raw error.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { routes, type Route } from '#shared/manifest/routes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SmokeCheck {
  readonly name: string;
  readonly outcome: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
}

const isOpenApi = (value: unknown): value is OpenApiDocument =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as OpenApiDocument).openapi === 'string' &&
  typeof (value as OpenApiDocument).paths === 'object';

/** Liveness and readiness routes: public GETs of /health… or /ready… without parameters. */
export const probeRoutes = (list: readonly Route[] = routes): Route[] =>
  list.filter(
    (r) =>
      r.method === 'GET' &&
      r.auth === 'public' &&
      !r.localOnly &&
      !r.path.includes('{') &&
      /^\/(health|ready)/.test(r.path),
  );

export interface SmokeOptions {
  /** The document used when the target does not serve /openapi.json; docs/openapi.json by default. */
  committedOpenApi?: OpenApiDocument;
  timeoutMs?: number;
}

export async function runSmoke(baseUrl: string, options: SmokeOptions = {}): Promise<SmokeCheck[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), ...init });
  const checks: SmokeCheck[] = [];
  const check = async (name: string, run: () => Promise<Omit<SmokeCheck, 'name'>>) => {
    try {
      checks.push({ name, ...(await run()) });
    } catch (error) {
      checks.push({ name, outcome: 'fail', detail: error instanceof Error ? error.message : String(error) });
    }
  };

  for (const route of probeRoutes()) {
    await check(`GET ${route.path} answers 200`, async () => {
      const res = await get(route.path);
      const body = await res.text();
      return res.status === 200
        ? { outcome: 'pass', detail: body.slice(0, 80) }
        : { outcome: 'fail', detail: `${res.status} ${body.slice(0, 200)}` };
    });
  }

  let document: OpenApiDocument | undefined;
  await check('OpenAPI document', async () => {
    const res = await get('/openapi.json');
    if (res.status === 200) {
      const served: unknown = await res.json();
      if (!isOpenApi(served)) return { outcome: 'fail', detail: '/openapi.json is not an OpenAPI document' };
      document = served;
      return { outcome: 'pass', detail: `served, ${Object.keys(served.paths).length} paths` };
    }
    await res.body?.cancel();
    document =
      options.committedOpenApi ??
      (JSON.parse(readFileSync(resolve(repoRoot, 'docs/openapi.json'), 'utf8')) as OpenApiDocument);
    return {
      outcome: 'skip',
      detail: `not served here (${res.status}); using docs/openapi.json, ${Object.keys(document.paths).length} paths`,
    };
  });

  if (document) {
    const secured = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => Array.isArray(op.security) && op.security.length > 0)
        .map(([method, op]) => ({ method: method.toUpperCase(), path, id: op.operationId ?? `${method} ${path}` })),
    );
    await check(`every authenticated operation answers 401 without a token (${secured.length})`, async () => {
      const wrong: string[] = [];
      for (const op of secured) {
        const res = await get(op.path.replace(/\{[^}]+\}/g, 'smoke-test'), { method: op.method });
        await res.body?.cancel();
        if (res.status !== 401) wrong.push(`${op.method} ${op.path}: ${res.status}`);
      }
      if (secured.length === 0) return { outcome: 'fail', detail: 'the document lists no authenticated operation' };
      return wrong.length === 0
        ? { outcome: 'pass', detail: 'GET /me/enquiries and the rest' }
        : { outcome: 'fail', detail: wrong.join('; ') };
    });
  }

  await check('an unknown address answers 404', async () => {
    const res = await get(`/smoke-test-${randomBytes(4).toString('hex')}`);
    await res.body?.cancel();
    return res.status === 404 ? { outcome: 'pass', detail: '404' } : { outcome: 'fail', detail: String(res.status) };
  });

  await check('a link with an unknown token gets a kind page, not a raw error', async () => {
    // The booking page, as a person clicking an old or mistyped email link sees it.
    const res = await get(`/book/${randomBytes(32).toString('base64url')}`, { headers: { accept: 'text/html' } });
    const body = await res.text();
    const html = (res.headers.get('content-type') ?? '').startsWith('text/html');
    const title = (/<title>([^<]*)<\/title>/i.exec(body)?.[1] ?? '').trim();
    if (
      [401, 404, 410].includes(res.status) &&
      html &&
      title !== '' &&
      !/stack|exception|internal server error/i.test(body)
    )
      return { outcome: 'pass', detail: `${res.status} page: ${title}` };
    return { outcome: 'fail', detail: `${res.status} ${res.headers.get('content-type') ?? ''} ${body.slice(0, 200)}` };
  });

  return checks;
}

/** The stage's ApiUrl output, read with the AWS CLI and the caller's credentials. */
function apiUrlOfStage(stage: string): string {
  const cdkJson = JSON.parse(readFileSync(resolve(repoRoot, 'cdk.json'), 'utf8')) as {
    context?: { stages?: Record<string, { region?: string }> };
  };
  const region = cdkJson.context?.stages?.[stage]?.region;
  const args = [
    'cloudformation',
    'describe-stacks',
    '--stack-name',
    `Threshold-${stage}-Api`,
    '--query',
    "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue",
    '--output',
    'text',
  ];
  if (region) args.push('--region', region);
  const url = execFileSync('aws', args, { encoding: 'utf8' }).trim();
  if (!/^https:\/\//.test(url))
    throw new Error(`No ApiUrl output on Threshold-${stage}-Api (got "${url}"). Is the stage deployed?`);
  return url;
}

function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const stage = argument('stage');
  const url = argument('url') ?? (stage ? apiUrlOfStage(stage) : undefined);
  if (!url) {
    console.error(
      'Usage: npm run smoke -- --stage <stage>   (reads the ApiUrl output; needs the AWS CLI)\n       npm run smoke -- --url <ApiUrl>',
    );
    process.exit(2);
  }
  console.log(`Smoke test of ${url} (read-only)`);
  const checks = await runSmoke(url);
  for (const c of checks)
    console.log(`  ${c.outcome === 'pass' ? 'ok  ' : c.outcome === 'skip' ? 'skip' : 'FAIL'}  ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => c.outcome === 'fail').length;
  console.log(failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
  process.exit(failed === 0 ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
