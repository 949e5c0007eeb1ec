import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The whole repository, the type tests in test/types included, compiles under the strict config. */
it('type-checks the whole repository with no errors (tsc --noEmit)', async () => {
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: root, maxBuffer: 10_000_000 }, (error, stdout, stderr) => {
      resolve(error ? `${stdout}${stderr}` || String(error) : '');
    });
  });
  expect(output).toBe('');
}, 120_000);
