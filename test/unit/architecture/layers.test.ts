/**
 * The layer rules of .dependency-cruiser.cjs fail the build: a file planted in the wrong direction
 * is reported by `npm run lint:deps`'s cruiser, and the tree as committed is clean.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const cruise = (paths: string[]) =>
  run('npx', ['depcruise', ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: root,
  }).then(
    (done) => ({ code: 0, out: done.stdout }),
    (failed: { code: number; stdout: string }) => ({ code: failed.code, out: failed.stdout }),
  );

const planted: string[] = [];
function plant(folder: string, source: string): string {
  const dir = mkdtempSync(join(root, folder, 'planted-'));
  planted.push(dir);
  const file = join(dir, 'planted.ts');
  writeFileSync(file, source);
  return relative(root, file);
}
afterEach(() => {
  for (const dir of planted.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the dependency rules', () => {
  it('find nothing to report in the tree as it is', async () => {
    const { code, out } = await cruise(['shared', 'functions']);
    expect(out).toContain('no dependency violations');
    expect(code).toBe(0);
  }, 120_000);

  it('fail on shared code that imports a function', async () => {
    const file = plant(
      'shared/store',
      "import { operations } from '../../../functions/therapist/handler.js';\nexport const x = operations;\n",
    );
    const { code, out } = await cruise([file]);
    expect(out).toContain('shared-never-imports-functions');
    expect(code).not.toBe(0);
  }, 120_000);

  it('fail on a use case that imports the AWS SDK, and on domain code that imports the store', async () => {
    const useCase = plant(
      'shared/use-cases',
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const x = GetCommand;\n",
    );
    const domain = plant('shared/domain', "import { keys } from '../../store/keys.js';\nexport const x = keys;\n");
    const { code, out } = await cruise([useCase, domain]);
    expect(out).toContain('use-cases-no-aws-sdk');
    expect(out).toContain('domain-is-pure');
    expect(code).not.toBe(0);
  }, 120_000);

  it('fail on a use case or a function that calls a store module past the handle, and pass its type-only import', async () => {
    const useCase = plant(
      'shared/use-cases',
      "import { getBooking } from '../../store/bookings.js';\nexport const x = getBooking;\n",
    );
    const fn = plant(
      'functions',
      "import { getTherapist } from '../../shared/store/therapists.js';\nexport const x = getTherapist;\n",
    );
    const { code, out } = await cruise([useCase, fn]);
    expect(out.match(/store-through-the-handle/g)).toHaveLength(2);
    expect(code).not.toBe(0);
    const typed = plant(
      'shared/use-cases',
      "import type { StoredBooking } from '../../store/bookings.js';\nimport { keys } from '../../store/index.js';\nexport type X = StoredBooking;\nexport const y = keys;\n",
    );
    expect((await cruise([typed])).out).not.toContain('store-through-the-handle');
  }, 120_000);

  it('fail on an import circle, type-only too', async () => {
    const a = plant('shared/domain', '');
    const b = a.replace(/planted\.ts$/, 'other.ts');
    writeFileSync(join(root, a), "import type { B } from './other.js';\nexport type A = { b?: B };\n");
    writeFileSync(join(root, b), "import type { A } from './planted.js';\nexport type B = { a?: A };\n");
    const { code, out } = await cruise([a, b]);
    expect(out).toContain('no-circular');
    expect(code).not.toBe(0);
  }, 120_000);
});
