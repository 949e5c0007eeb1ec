// Keeps the bench from rotting: BENCH_SMOKE=1 runs every scenario against every server once, for
// about a second each, and exits non-zero when any server fails to start or answers any error.
// No thresholds: CI machines are too noisy for numbers, but not for "does it still work".
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 120_000;

if (!databaseUrl) {
  console.warn('[gatepost] bench smoke skipped: TEST_DATABASE_URL is not set (the bench needs a real PostgreSQL server).');
}

interface ChildOutcome {
  readonly code: number | null;
  readonly output: string;
}

/** Runs the bench in its own process group, so a timeout can stop it and every server it started. */
function runSmokeBench(url: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, BENCH_SMOKE: '1', BENCH_DATABASE_URL: url };
    // A subset or a write from the developer's shell must not leak into the smoke run.
    delete environment.BENCH_ONLY;
    delete environment.BENCH_WRITE;
    const child = spawn('npx', ['tsx', 'bench/run.ts'], {
      cwd: repoRoot,
      env: environment,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // SIGTERM lets the bench drop its database before exiting.
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGTERM'), TIMEOUT_MS - 10_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!databaseUrl)('bench smoke run (needs TEST_DATABASE_URL)', () => {
  it(
    'starts every server, runs every scenario once, and no request fails',
    async () => {
      const { code, output } = await runSmokeBench(databaseUrl ?? '');
      expect(code, output).toBe(0);
      expect(output).toMatch(/\| single tRPC \| gatepost \|/);
      expect(output).not.toMatch(/FAILED/);
    },
    TIMEOUT_MS,
  );
});
