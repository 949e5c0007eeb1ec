// A client that already holds a keep-alive connection when trouble starts (a load balancer's
// pooled connection, say): all its requests travel over that one connection, asked once every
// interval so it never sits idle long enough for KEEP_ALIVE_TIMEOUT_MS to close it.
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

export interface TimedAnswer {
  readonly path: string;
  /** 0 when no answer came (the connection failed). */
  readonly status: number;
  readonly elapsedMs: number;
}

export interface KeptAliveClient {
  readonly answers: readonly TimedAnswer[];
  /** How many connections its requests used: 1 unless the one it held was lost. */
  connectionsUsed(): number;
  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<TimedAnswer>;
  /** Asks `path` every `intervalMs` until `stopAsking()`. */
  keepAsking(path: string, intervalMs: number): void;
  stopAsking(): Promise<void>;
  close(): void;
}

export function keptAliveClient(url: string): KeptAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answers: TimedAnswer[] = [];
  const sockets = new Set<Socket>();
  let asking: Promise<void> | undefined;
  let stopping = false;

  function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<TimedAnswer> {
    const began = Date.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve) => {
      const done = (status: number) => {
        const answer = { path, status, elapsedMs: Date.now() - began };
        answers.push(answer);
        resolve(answer);
      };
      const sent = request(
        new URL(path, url),
        { method, agent, headers: payload ? { 'content-type': 'application/json' } : {}, timeout: 10_000 },
        (response) => {
          response.resume();
          response.once('end', () => done(response.statusCode ?? 0));
        },
      );
      sent.on('socket', (socket) => sockets.add(socket));
      sent.once('timeout', () => sent.destroy());
      sent.once('error', () => done(0));
      sent.end(payload);
    });
  }

  return {
    answers,
    connectionsUsed: () => sockets.size,
    send,
    keepAsking(path, intervalMs) {
      asking = (async () => {
        while (!stopping) {
          await send('GET', path);
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      })();
    },
    async stopAsking() {
      stopping = true;
      await asking;
    },
    close: () => agent.destroy(),
  };
}
