/**
 * The browser origins the local server's CORS allows: the stage's `allowedOrigins` from cdk.json,
 * the source `cdk synth` reads (the default stage, as `npx cdk synth` would pick it), plus any in
 * LOCAL_ALLOWED_ORIGINS (comma-separated) for a front end under development on http://localhost,
 * which no deployed stage allows.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './stack.js';

interface CdkJson {
  context?: { stage?: unknown; stages?: Record<string, { allowedOrigins?: unknown }> };
}

function stageOrigins(cdkJsonPath: string): string[] {
  const { context } = JSON.parse(readFileSync(cdkJsonPath, 'utf8')) as CdkJson;
  const stage = typeof context?.stage === 'string' ? context.stage : 'dev';
  const origins = context?.stages?.[stage]?.allowedOrigins;
  return Array.isArray(origins) ? origins.filter((o): o is string => typeof o === 'string') : [];
}

function extraOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed?.origin !== origin)
      throw new Error(
        `LOCAL_ALLOWED_ORIGINS: "${origin}" is not an origin. Use scheme, host and port only, such as http://localhost:5173.`,
      );
  }
  return origins;
}

export function localAllowedOrigins(
  env: NodeJS.ProcessEnv = process.env,
  cdkJsonPath = resolve(repoRoot, 'cdk.json'),
): string[] {
  return [...new Set([...stageOrigins(cdkJsonPath), ...extraOrigins(env.LOCAL_ALLOWED_ORIGINS)])];
}
