// The embedded PostgreSQL's life in its data folder: initialised on first start, reused after,
// reachable on 127.0.0.1 with the folder's password only, and gone when it is stopped.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isAlive, postmasterPid, START_TIMEOUT_MS, useScratch } from './helpers';

async function query<Row>(url: string, text: string): Promise<Row[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return (await sql.unsafe(text)) as unknown as Row[];
  } finally {
    await sql.end();
  }
}

describe('the embedded PostgreSQL in its data folder', () => {
  const scratch = useScratch();

  it(
    'initialises a PostgreSQL 18 cluster on first start and keeps its rows across a restart',
    async () => {
      const dataDir = scratch.folder();
      const first = await scratch.start({ dataDir, durable: true });
      const [{ version }] = (await query<{ version: string }>(first.url, "select current_setting('server_version_num') as version")) as [
        { version: string },
      ];
      await query(first.url, "create table kept (value text); insert into kept values ('still here')");
      await first.stop();

      const second = await scratch.start({ dataDir, durable: true });
      expect(Number(version)).toBeGreaterThanOrEqual(180000);
      expect(first.majorVersion).toBe(18);
      expect(await query(second.url, 'select value from kept')).toEqual([{ value: 'still here' }]);
    },
    START_TIMEOUT_MS,
  );

  it(
    'generates its password once, keeps it readable by its owner only, and refuses any other password',
    async () => {
      const server = await scratch.start();
      const passwordFile = join(server.dataDir, 'password');
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(password.length).toBeGreaterThanOrEqual(24);
      expect(new URL(server.url).password).toBe(encodeURIComponent(password));

      const wrong = new URL(server.url);
      wrong.password = 'not-the-password';
      await expect(query(wrong.toString(), 'select 1')).rejects.toMatchObject({ code: '28P01' });
    },
    START_TIMEOUT_MS,
  );

  it(
    'listens on 127.0.0.1 only, with no Unix socket',
    async () => {
      const server = await scratch.start();
      const settings = await query(
        server.url,
        "select current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets",
      );
      expect(settings).toEqual([{ listen: '127.0.0.1', sockets: '' }]);
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
    },
    START_TIMEOUT_MS,
  );

  it(
    'leaves no PostgreSQL process behind once stopped',
    async () => {
      const server = await scratch.start();
      const pid = postmasterPid(server.dataDir) ?? 0;
      expect(isAlive(pid)).toBe(true);
      await server.stop();
      expect(isAlive(pid)).toBe(false);
    },
    START_TIMEOUT_MS,
  );

  it(
    'writes what initdb and the server print to postgres.log in the data folder',
    async () => {
      const server = await scratch.start();
      await server.stop();
      const log = readFileSync(server.logFile, 'utf8');
      expect(server.logFile).toBe(join(server.dataDir, 'postgres.log'));
      expect(log).toContain('database system is ready to accept connections');
      expect(log).toContain('database system is shut down');
    },
    START_TIMEOUT_MS,
  );
});
