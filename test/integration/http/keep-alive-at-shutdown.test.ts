// Keep-alive connections across a graceful stop (RunningServer.stop, what SIGTERM runs): a client
// sending on a connection it keeps alive gets a whole answer — its real one, or the catalog's 503
// saying `Connection: close` — never a reset, because the stop leaves idle connections open
// (server/src/http/idle-connections-at-close.ts) instead of destroying them under requests in flight.
import { connect, type Socket } from 'node:net';
import { createLogger, defaultConfig, startServer, type AppConfig, type RunningServer } from '@gatepost/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../helpers/databases';
import { rawGet, startKeepAliveLoop, type Answer, type LoopCounts } from './keep-alive-clients';

/** Before the fix, every round lost a request on each of its 16 clients: 5 rounds cannot pass by luck. */
const ROUNDS = 5;
const CLIENTS = 16;
const LOAD_MS = 200;
const SHUTDOWN_TIMEOUT_MS = 2500;
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/**
 * For the clients looping across the stop: above KEEP_ALIVE_TIMEOUT_MS + 1 s, the setting the
 * README asks for, under which no idle socket is closed at the drain deadline. With less, a client
 * the loaded machine slows past the deadline meets that close (the one window RFC 9112 §9.3.1
 * leaves to client retries), and the test would measure the machine, not the stop.
 */
const LOOP_SHUTDOWN_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 3000;

function startGatepostServer(database: TestDatabase, config: Partial<AppConfig> = {}): Promise<RunningServer> {
  const settings = defaultConfig({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    webDir: undefined,
    ...config,
  });
  return startServer(settings, createLogger('silent'), { onDatabaseLost: () => {} });
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** One raw connection, and the responses (status line and lower-cased headers) it has received so far. */
interface Connection {
  readonly socket: Socket;
  readonly heads: string[];
  /** Resolves with the socket error's code, or 'closed' for a clean close. */
  readonly ended: Promise<string>;
  /** Sends a request and resolves with its response's head (bodies here are short and arrive with it). */
  send(request: string): Promise<string>;
}

function openConnection(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const heads: string[] = [];
    let waiting: ((head: string) => void) | undefined;
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      const head = chunk.toString('latin1').split('\r\n\r\n')[0]?.toLowerCase() ?? '';
      heads.push(head);
      waiting?.(head);
    });
    socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
    const ended = new Promise<string>((done) => socket.once('close', () => done(error ?? 'closed')));
    socket.once('connect', () =>
      resolve({
        socket,
        heads,
        ended,
        send(request) {
          const answered = new Promise<string>((done) => (waiting = done));
          socket.write(request);
          return Promise.race([answered, ended.then((how) => `no answer: ${how}`)]);
        },
      }),
    );
    socket.once('error', reject);
  });
}

forEachDatabase((database) => {
  describe('clients sending back to back on keep-alive connections across the stop', () => {
    const rounds: LoopCounts[] = [];
    /** How long each stop took: past its drain deadline, idle sockets are closed (see LOOP_SHUTDOWN_TIMEOUT_MS). */
    const stopMs: number[] = [];
    beforeAll(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const server = await startGatepostServer(database.current, { shutdownTimeoutMs: LOOP_SHUTDOWN_TIMEOUT_MS });
        const loop = startKeepAliveLoop({ port: portOf(server), clients: CLIENTS, request: rawGet('/healthz') });
        await loop.allAnswered;
        await sleep(LOAD_MS);
        const stopping = performance.now();
        await server.stop();
        stopMs.push(Math.round(performance.now() - stopping));
        rounds.push(await loop.finished);
      }
      const answers = rounds.flatMap((round) => round.answers);
      console.log(
        `[keep-alive] ${ROUNDS} stops × ${CLIENTS} clients: ${answers.length} answers ` +
          `(${answers.filter((answer) => answer.status === 503).length} of them 503), ` +
          `${rounds.reduce((sum, round) => sum + round.refused, 0)} connections refused ` +
          `(${rounds.reduce((sum, round) => sum + round.droppedFromAcceptQueue, 0)} of them reset in the accept queue), ` +
          `${rounds.flatMap((round) => round.failures).length} requests reset or left unanswered; stops took ${stopMs.join(', ')} ms`,
      );
    }, 60_000);

    it('answers every request: none is reset or left without a whole response', () => {
      expect(rounds.flatMap((round) => round.failures)).toEqual([]);
    });

    it("answers each client's last request 503 with Retry-After and Connection: close", () => {
      for (const round of rounds) {
        const last = new Map<number, Answer>(round.answers.map((answer) => [answer.client, answer]));
        expect(last.size).toBe(CLIENTS);
        for (const answer of last.values()) expect(answer).toMatchObject({ status: 503, retryAfter: true, connectionClose: true });
      }
    });

    it('then refuses the new connection each client opens: the listener is closed', () => {
      expect(rounds.map((round) => round.refused)).toEqual(rounds.map(() => CLIENTS));
    });
  });

  describe('a keep-alive connection idle when the stop begins', () => {
    let server: RunningServer | undefined;
    afterEach(async () => {
      await server?.stop();
      server = undefined;
    });

    it('stays open, and a request its client sends later is answered 503 with Retry-After and Connection: close', async () => {
      server = await startGatepostServer(database.current);
      const connection = await openConnection(portOf(server));
      expect(await connection.send(rawGet('/healthz'))).toMatch(/^http\/1\.1 200/);
      const stopped = server.stop();
      await sleep(200);
      const head = await connection.send(rawGet('/healthz'));
      expect(head).toMatch(/^http\/1\.1 503/);
      expect(head).toMatch(/\r\nretry-after: \d+/);
      expect(head).toContain('\r\nconnection: close');
      expect(await connection.ended).toBe('closed');
      await stopped;
    });

    it('is closed at the drain deadline when its keep-alive timeout is longer, and the stop ends within SHUTDOWN_TIMEOUT_MS', async () => {
      server = await startGatepostServer(database.current);
      const connection = await openConnection(portOf(server));
      expect(await connection.send(rawGet('/healthz'))).toMatch(/^http\/1\.1 200/);
      const startedAt = Date.now();
      await server.stop();
      expect(Date.now() - startedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(await connection.ended).toBe('closed');
    });
  });
});
