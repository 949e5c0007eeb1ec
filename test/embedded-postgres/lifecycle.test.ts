// The embedded PostgreSQL's life in its data folder: initialised on first start, reused after,
// reachable on 127.0.0.1 with the folder's password only, and gone when it is stopped.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@gatepost/db/embedded';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isAlive, START_TIMEOUT_MS, useScratchFolders } from './helpers';

describe('the embedded PostgreSQL in its data folder', () => {
  const scratchFolder = useScratchFolders();

  it(
    'initialises a PostgreSQL 18 cluster on first start and keeps its rows across a restart',
    async () => {
      const dataDir = scratchFolder();
      const first = await startEmbeddedPostgres({ dataDir });
      const sql = postgres(first.url, { max: 1, onnotice: () => {} });
      const [{ version }] = (await sql`select current_setting('server_version_num') as version`) as unknown as [{ version: string }];
      await sql`create table kept (value text)`;
      await sql`insert into kept values ('still here')`;
      await sql.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      const again = postgres(second.url, { max: 1, onnotice: () => {} });
      const rows = await again`select value from kept`;
      await again.end();
      await second.stop();
      expect(Number(version)).toBeGreaterThanOrEqual(180000);
      expect(first.majorVersion).toBe(18);
      expect(rows).toEqual([{ value: 'still here' }]);
    },
    START_TIMEOUT_MS,
  );

  it(
    'generates its password once, keeps it readable by its owner only, and refuses any other password',
    async () => {
      const dataDir = scratchFolder();
      const server = await startEmbeddedPostgres({ dataDir, durable: false });
      try {
        const passwordFile = join(dataDir, 'password');
        const password = readFileSync(passwordFile, 'utf8').trim();
        expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
        expect(password.length).toBeGreaterThanOrEqual(24);
        expect(new URL(server.url).password).toBe(encodeURIComponent(password));

        const wrong = new URL(server.url);
        wrong.password = 'not-the-password';
        const intruder = postgres(wrong.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
        await expect(intruder`select 1`).rejects.toMatchObject({ code: '28P01' });
        await intruder.end();
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'listens on 127.0.0.1 only, with no Unix socket',
    async () => {
      const server = await startEmbeddedPostgres({ dataDir: scratchFolder(), durable: false });
      try {
        const sql = postgres(server.url, { max: 1, onnotice: () => {} });
        const [settings] =
          await sql`select current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets`;
        await sql.end();
        expect(settings).toEqual({ listen: '127.0.0.1', sockets: '' });
        expect(new URL(server.url).hostname).toBe('127.0.0.1');
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'leaves no PostgreSQL process behind once stopped',
    async () => {
      const dataDir = scratchFolder();
      const server = await startEmbeddedPostgres({ dataDir, durable: false });
      const pid = Number(readFileSync(join(dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(isAlive(pid)).toBe(true);
      await server.stop();
      expect(isAlive(pid)).toBe(false);
    },
    START_TIMEOUT_MS,
  );

  it(
    'writes what initdb and the server print to postgres.log in the data folder',
    async () => {
      const dataDir = scratchFolder();
      const server = await startEmbeddedPostgres({ dataDir, durable: false });
      await server.stop();
      const log = readFileSync(server.logFile, 'utf8');
      expect(server.logFile).toBe(join(dataDir, 'postgres.log'));
      expect(log).toContain('database system is ready to accept connections');
      expect(log).toContain('database system is shut down');
    },
    START_TIMEOUT_MS,
  );
});
