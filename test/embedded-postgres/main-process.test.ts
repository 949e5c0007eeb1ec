// gatepost's own process (server/src/main.ts) around its embedded PostgreSQL: a server that cannot
// start is one line on stderr naming the log and exit code 1; a server that keeps dying under a
// running gatepost ends it with exit code 1 and the reason, rather than 503s forever.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive, occupyPort, portOf, postmasterPid, START_TIMEOUT_MS, useScratch, waitUntil } from './helpers';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

interface MainProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function runMain(dataDir: string, embeddedPort: number): MainProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(embeddedPort),
    WEB_DIR: '',
    LOG_LEVEL: 'silent',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, stdout: () => out, stderr: () => err, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

describe('gatepost around its embedded PostgreSQL', () => {
  const scratch = useScratch();

  it(
    'exits 1 with one line naming the cause and the log when its PostgreSQL cannot start',
    async () => {
      const squatter = await occupyPort();
      const port = portOf(squatter);
      const main = runMain(scratch.folder(), port);
      try {
        expect(await main.exited).toBe(1);
      } finally {
        squatter.close();
      }
      const lines = main.stderr().trim().split('\n');
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^gatepost could not start: embedded PostgreSQL did not start: port ${port} on 127\\.0\\.0\\.1 is taken \\(log: .*postgres\\.log\\)$`,
        ),
      );
      expect(main.stderr()).not.toMatch(/\n\s+at /);
    },
    START_TIMEOUT_MS,
  );

  it(
    'exits 1 naming the reason when its PostgreSQL keeps dying and cannot be restarted',
    async () => {
      const dataDir = scratch.folder();
      const probe = await occupyPort();
      const port = portOf(probe);
      await new Promise((resolve) => probe.close(resolve));
      const main = runMain(dataDir, port);
      try {
        expect(await waitUntil(() => main.stdout().includes('gatepost is serving on'), START_TIMEOUT_MS)).toBe(true);
        expect(main.stdout()).toMatch(
          new RegExp(`database  embedded PostgreSQL 18 on 127\\.0\\.0\\.1:${port}, data in ${dataDir}, log in .*postgres\\.log`),
        );
        const pid = postmasterPid(dataDir)!;
        process.kill(pid, 'SIGKILL');
        await waitUntil(() => !isAlive(pid), 5_000);
        // Someone takes its port: every restart fails, and gatepost must not retry forever.
        const squatter = await occupyPort(port);
        try {
          expect(await main.exited).toBe(1);
        } finally {
          squatter.close();
        }
        expect(main.stderr()).toContain(
          `gatepost stopped: embedded PostgreSQL keeps stopping (5 restarts in a minute): port ${port} on 127.0.0.1 is taken (log: ${dataDir}/postgres.log)`,
        );
      } finally {
        main.child.kill('SIGKILL');
      }
    },
    START_TIMEOUT_MS + 30_000,
  );
});
