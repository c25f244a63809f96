/**
 * Biome (biome.jsonc) fails the build on code that breaks a lint rule or is not formatted, as
 * `.ci/run` runs it (`npm run lint`, which is `biome ci .`): shown on planted files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const biome = (file: string) =>
  run('npx', ['biome', 'ci', file], { cwd: root }).then(
    () => 0,
    (failed: { code: number }) => failed.code,
  );

const planted: string[] = [];
function plant(source: string): string {
  const dir = mkdtempSync(join(root, 'shared', 'planted-'));
  planted.push(dir);
  const file = join(dir, 'planted.ts');
  writeFileSync(file, source);
  return relative(root, file);
}
afterEach(() => {
  for (const dir of planted.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('biome in CI', () => {
  it('passes code that is formatted and clean', async () => {
    expect(await biome(plant('export const answer = 42;\n'))).toBe(0);
  }, 60_000);

  it('fails on a lint rule broken (a debugger statement left in)', async () => {
    expect(await biome(plant('export const answer = 42;\ndebugger;\n'))).not.toBe(0);
  }, 60_000);

  it('fails on code that is not formatted', async () => {
    expect(await biome(plant('export const   answer=42\n'))).not.toBe(0);
  }, 60_000);
});
