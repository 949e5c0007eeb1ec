// postgres.js 3.4.9 dies when PostgreSQL restarts under it (porsager/postgres#1066, #1154, #1208:
// an uncaught "Cannot read properties of null (reading 'write')"), and loses an unhandled
// rejection when a new connection is cut while it fetches array types (#1192). No release fixes
// either, so patches/postgres+3.4.9.patch does, applied by the root package's postinstall
// (patch-package) on every `npm ci` / `npm install`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useFaultDatabase } from './fault-database';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PATCH = join(REPOSITORY_ROOT, 'patches', 'postgres+3.4.9.patch');
const TORTURE = fileURLToPath(new URL('./driver-under-cuts.ts', import.meta.url));
const TORTURE_MS = 6000;

/** The postgres package gatepost's database workspace loads, wherever npm placed it. */
function installedPostgresFolder(): string {
  const fromDatabaseWorkspace = createRequire(join(REPOSITORY_ROOT, 'drizzle', 'package.json'));
  // Its exports map has no ./package.json: climb from the entry point (cjs/src/index.js).
  return dirname(dirname(dirname(fromDatabaseWorkspace.resolve('postgres'))));
}

/** Each file the patch changes (relative to the package), with the lines it adds. */
function linesAddedByPatch(): Map<string, string[]> {
  const added = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of readFileSync(PATCH, 'utf8').split('\n')) {
    const file = /^\+\+\+ b\/node_modules\/postgres\/(.+)$/.exec(line)?.[1];
    if (file) added.set(file, (current = []));
    else if (line.startsWith('+') && current && line.slice(1).trim()) current.push(line.slice(1));
  }
  return added;
}

function runTorture(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', TORTURE, url, String(TORTURE_MS)], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('the patched postgres.js driver', () => {
  const database = useFaultDatabase();

  it('is the version the patch was written for, with every line of the patch in the installed files', () => {
    const folder = installedPostgresFolder();
    expect((JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version).toBe('3.4.9');
    const patched = linesAddedByPatch();
    expect([...patched.keys()].sort()).toEqual(['cjs/src/connection.js', 'src/connection.js']);
    for (const [file, lines] of patched) {
      const installed = new Set(readFileSync(join(folder, file), 'utf8').split('\n'));
      expect(
        lines.filter((line) => !installed.has(line)),
        `${file} lacks lines of the patch: run npm install`,
      ).toEqual([]);
    }
  });

  it(
    'survives connections cut again and again under transactions, settling every query',
    async () => {
      const run = await runTorture(database.current.url);
      expect(run.stderr).not.toContain("reading 'write'");
      expect(run.code, run.stderr).toBe(0);
      const counts = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
      console.log(`[faults] driver under cuts: ${JSON.stringify(counts)}`);
      expect(counts.hung).toBe(0);
      expect(counts.cuts).toBeGreaterThan(10);
      expect(counts.committed! + counts.failed!).toBeGreaterThan(50);
    },
    TORTURE_MS + 30_000,
  );
});
