// Each way the embedded PostgreSQL can fail to start is one clear message naming the cause and the
// log file — never a hang, never a stray process.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '@gatepost/db/embedded';
import { describe, expect, it } from 'vitest';
import { isAlive, isRoot, occupyPort, portOf, postmasterPid, START_TIMEOUT_MS, useScratch, waitUntil } from './helpers';

const START_AND_HANG = fileURLToPath(new URL('./fixtures/start-and-hang.ts', import.meta.url));

describe('the embedded PostgreSQL refusing to start', () => {
  const scratch = useScratch();

  it(
    'names the port when the configured one is taken, and the log',
    async () => {
      const squatter = await occupyPort();
      const port = portOf(squatter);
      const dataDir = scratch.folder();
      try {
        await expect(startEmbeddedPostgres({ dataDir, port, durable: false })).rejects.toThrow(
          `embedded PostgreSQL did not start: port ${port} on 127.0.0.1 is taken (log: ${join(dataDir, 'postgres.log')})`,
        );
      } finally {
        squatter.close();
      }
      expect(postmasterPid(dataDir)).toBeUndefined();
    },
    START_TIMEOUT_MS,
  );

  it('names both versions when the folder holds a cluster of another PostgreSQL major version', async () => {
    const dataDir = scratch.folder();
    mkdirSync(join(dataDir, 'data'), { recursive: true });
    writeFileSync(join(dataDir, 'data', 'PG_VERSION'), '16\n');
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      /holds a PostgreSQL 16 cluster and gatepost ships PostgreSQL 18; dump it .* or set DATA_DIR to a new folder \(log: .*postgres\.log\)/,
    );
  });

  it.runIf(isRoot)('refuses a cluster folder that belongs to another user instead of taking it over', async () => {
    const dataDir = scratch.folder();
    mkdirSync(join(dataDir, 'data'), { recursive: true });
    writeFileSync(join(dataDir, 'data', 'PG_VERSION'), '18\n');
    chownSync(join(dataDir, 'data'), 65534, 65534);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      /data folder .*data belongs to user id 65534, but PostgreSQL runs as user id \d+/,
    );
  });

  it.runIf(isRoot)('says how much room is left when the disk is too full to hold a new cluster', (context) => {
    const dataDir = scratch.folder();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dataDir], { stdio: 'ignore' });
    } catch {
      context.skip('this machine does not let the test mount a small tmpfs');
    }
    return expect(startEmbeddedPostgres({ dataDir }))
      .rejects.toThrow(/the disk holding .* has [0-8] MB free; a new PostgreSQL cluster needs at least 64 MB/)
      .finally(() => execFileSync('umount', [dataDir]));
  });

  it(
    'refuses a second gatepost on a folder whose server is in use, leaving the first one serving',
    async () => {
      const first = await scratch.start();
      const { dataDir } = first;
      try {
        // The owner file names a live node process: this very test process stands in for "another gatepost".
        writeFileSync(join(dataDir, 'gatepost.pid'), `${process.ppid}\n`);
        await expect(startEmbeddedPostgres({ dataDir, durable: false })).rejects.toThrow(/in use by another gatepost \(process \d+\)/);
        expect(isAlive(postmasterPid(dataDir) ?? 0)).toBe(true);
      } finally {
        writeFileSync(join(dataDir, 'gatepost.pid'), `${process.pid}\n`);
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'stops the server a killed gatepost left running, then starts cleanly in the same folder',
    async () => {
      const dataDir = scratch.folder();
      const child = spawn(process.execPath, ['--import', 'tsx', START_AND_HANG, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) before its server was ready`)));
      });
      const orphan = postmasterPid(dataDir);
      child.kill('SIGKILL');
      await waitUntil(() => child.exitCode !== null || child.signalCode !== null, 5_000);
      expect(isAlive(orphan ?? 0)).toBe(true);

      await scratch.start({ dataDir });
      expect(isAlive(orphan ?? 0)).toBe(false);
    },
    START_TIMEOUT_MS,
  );
});
