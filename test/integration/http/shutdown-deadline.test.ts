// A graceful stop (SIGTERM → RunningServer.stop) ends within SHUTDOWN_TIMEOUT_MS whatever the calls
// in flight are waiting for: one blocked on a row lock is rolled back and answered 503, and a
// request that arrives on an open connection once the stop began is refused with the catalog's 503.
import { connect, type Socket } from 'node:net';
import { createLogger, defaultConfig, startServer, type RunningServer } from '@gatepost/server';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../helpers/databases';
import { contactRowsWithEmail, uniqueEmail } from './wire';

const SHUTDOWN_TIMEOUT_MS = 2500;

/** Holds an exclusive lock on the contacts table from another session until released: inserts wait. */
async function lockContacts(database: TestDatabase): Promise<{ release(): Promise<void> }> {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const session = await sql.reserve();
  await session`begin`;
  await session`lock table contacts in exclusive mode`;
  return {
    async release() {
      await session`rollback`;
      session.release();
      await sql.end();
    },
  };
}

/** Resolves once some session of the database waits for a lock. */
async function someoneWaitsForALock(database: TestDatabase): Promise<void> {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const [row] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if ((row?.waiting ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no session ever waited for the lock');
  } finally {
    await sql.end();
  }
}

function submitRequest(email: string): string {
  const body = JSON.stringify({ name: 'Blocked', email });
  return `POST /trpc/contacts.submit HTTP/1.1\r\nHost: gatepost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A raw keep-alive connection: what a client's pool holds open across requests. */
function openConnection(url: string): Promise<{ socket: Socket; received: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(new URL(url).port), host: '127.0.0.1' });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const received = new Promise<string>((done) => socket.once('close', () => done(text)));
    socket.once('connect', () => resolve({ socket, received }));
    socket.once('error', reject);
  });
}

/** The HTTP responses in what a connection received, as status line, lower-cased headers and body. */
function responsesIn(text: string): { status: number; headers: string; body: string }[] {
  return text
    .split(/(?=HTTP\/1\.1 \d{3} )/)
    .filter(Boolean)
    .map((raw) => {
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      return { status: Number(head.slice(9, 12)), headers: head.toLowerCase(), body };
    });
}

forEachDatabase((database) => {
  describe('stopping while a call waits for a row lock', () => {
    let server: RunningServer | undefined;
    let lock: { release(): Promise<void> } | undefined;
    afterEach(async () => {
      await lock?.release();
      await server?.stop().catch(() => {});
    });

    async function startBlockedCall(email: string) {
      const config = defaultConfig({
        port: 0,
        databaseUrl: database.current.url,
        shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
        webDir: undefined,
      });
      server = await startServer(config, createLogger('silent'), { onDatabaseLost: () => {} });
      lock = await lockContacts(database.current);
      const connection = await openConnection(server.url);
      connection.socket.write(submitRequest(email));
      await someoneWaitsForALock(database.current);
      return connection;
    }

    it('finishes the stop within SHUTDOWN_TIMEOUT_MS', async () => {
      await startBlockedCall(uniqueEmail('deadline'));
      const startedAt = Date.now();
      await (server as RunningServer).stop();
      expect(Date.now() - startedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    });

    it('answers that call 503 UNAVAILABLE with Retry-After instead of an empty reply', async () => {
      const connection = await startBlockedCall(uniqueEmail('answered'));
      await (server as RunningServer).stop();
      const [answer] = responsesIn(await connection.received);
      expect(answer?.status).toBe(503);
      expect(answer?.headers).toMatch(/\r\nretry-after: \d+/);
      expect(answer?.body).toContain('"code":"UNAVAILABLE"');
    });

    it('keeps nothing of that call once the lock is released: its transaction was rolled back', async () => {
      const email = uniqueEmail('rolled-back');
      await startBlockedCall(email);
      await (server as RunningServer).stop();
      await lock?.release();
      lock = undefined;
      expect(await contactRowsWithEmail(database.current, email)).toHaveLength(0);
    });
  });

  describe('a request that arrives once the stop began', () => {
    it('is refused with the catalog 503 UNAVAILABLE, Retry-After and Connection: close', async () => {
      const config = defaultConfig({
        port: 0,
        databaseUrl: database.current.url,
        shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
        webDir: undefined,
      });
      const server = await startServer(config, createLogger('silent'), { onDatabaseLost: () => {} });
      const connection = await openConnection(server.url);
      // Half a request: the connection is not idle, so the stop waits for it rather than closing it.
      connection.socket.write('GET /healthz HTTP/1.1\r\nHost: gatepost\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stopped = server.stop();
      connection.socket.write('\r\n');
      await stopped;
      const [answer] = responsesIn(await connection.received);
      expect(answer?.status).toBe(503);
      expect(answer?.headers).toMatch(/\r\nretry-after: \d+/);
      expect(answer?.headers).toContain('\r\nconnection: close');
      expect(answer?.body).toContain('"code":"UNAVAILABLE"');
    });
  });
});
