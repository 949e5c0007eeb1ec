// Slow clients are cut off (slowloris): the Node server behind Fastify gets the configured
// headers and request deadlines, and a real client that sends half its headers and then
// nothing is disconnected soon after HEADERS_TIMEOUT_MS.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { uniqueEmail } from '../integration/http/wire';

/** Node checks the deadlines periodically, not to the millisecond: how long past one we wait. */
const SLACK_MS = 4_000;
/** How long we wait for the server to end a stalled connection before calling it a failure. */
const GIVE_UP_AFTER_MS = 12_000;

interface Cutoff {
  /** How long after the last byte the server closed the socket (or answered). */
  readonly afterMs: number;
  /** What the server wrote before closing, if anything (a 408, say). */
  readonly received: string;
  /** True when we gave up waiting before the server did anything. */
  readonly timedOut: boolean;
}

/** Opens a raw TCP connection, sends `partial`, and waits for the server to end it. */
async function sendAndStall(url: string, partial: string, giveUpAfterMs: number): Promise<Cutoff> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const sentAt = Date.now();
  socket.write(partial);
  return new Promise<Cutoff>((resolve) => {
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ afterMs: Date.now() - sentAt, received, timedOut: true });
    }, giveUpAfterMs);
    const ended = () => {
      clearTimeout(giveUp);
      resolve({ afterMs: Date.now() - sentAt, received, timedOut: false });
    };
    socket.once('close', ended);
    // A 408 followed by the close is as good as the close: stop at the first answer.
    socket.once('data', () => {
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', () => {});
  });
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
});
afterAll(async () => {
  await database.close();
});

describe('with the default timeouts', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('gives the server a request timeout of 30 s instead of Node and Fastify 5 never timing out', () => {
    expect(gp.app.server.requestTimeout).toBe(30_000);
  });

  it('gives the server a headers timeout of 10 s instead of Node’s 60 s', () => {
    expect(gp.app.server.headersTimeout).toBe(10_000);
  });
});

describe('with headersTimeoutMs 1000 and requestTimeoutMs 2000', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database, config: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 } });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('sets the server’s headers timeout to 1000 ms', () => {
    expect(gp.app.server.headersTimeout).toBe(1_000);
  });

  it('sets the server’s request timeout to 2000 ms', () => {
    expect(gp.app.server.requestTimeout).toBe(2_000);
  });

  describe('a client that sends half its headers and then nothing', () => {
    let cutoff: Cutoff;
    beforeAll(async () => {
      cutoff = await sendAndStall(gp.url, 'POST /trpc/contacts.submit HTTP/1.1\r\nHost: x\r\n', GIVE_UP_AFTER_MS);
    }, GIVE_UP_AFTER_MS + 5_000);

    it('is disconnected within the headers timeout plus a few seconds', () => {
      expect(cutoff.timedOut, `the server had not closed the stalled connection after ${cutoff.afterMs} ms`).toBe(false);
      expect(cutoff.afterMs).toBeLessThanOrEqual(1_000 + SLACK_MS);
    });

    it('is not disconnected before the headers deadline', () => {
      expect(cutoff.afterMs).toBeGreaterThanOrEqual(900);
    });

    it('is answered 408 or not at all, never with a 2xx or a 5xx', () => {
      expect(cutoff.received === '' || cutoff.received.startsWith('HTTP/1.1 408 ')).toBe(true);
    });
  });

  describe('a client that sends its headers and then trickles only part of its body', () => {
    let cutoff: Cutoff;
    beforeAll(async () => {
      const headers = 'POST /trpc/contacts.submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
      cutoff = await sendAndStall(gp.url, `${headers}{"name":`, GIVE_UP_AFTER_MS);
    }, GIVE_UP_AFTER_MS + 5_000);

    it('is disconnected within the request timeout plus a few seconds', () => {
      expect(cutoff.timedOut, `the server had not closed the stalled connection after ${cutoff.afterMs} ms`).toBe(false);
      expect(cutoff.afterMs).toBeLessThanOrEqual(2_000 + SLACK_MS);
    });
  });

  it('still serves a client that sends its whole request promptly', async () => {
    const body = JSON.stringify({ name: 'Ada', email: uniqueEmail('prompt') });
    const request = [
      'POST /trpc/contacts.submit HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n');
    const cutoff = await sendAndStall(gp.url, request, 5_000);
    expect(cutoff.received).toMatch(/^HTTP\/1\.1 200 /);
  }, 20_000);
});

describe('with a headers timeout longer than the request timeout', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database, config: { headersTimeoutMs: 10_000, requestTimeoutMs: 3_000 } });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('caps the headers timeout at the request timeout (Node requires headersTimeout ≤ requestTimeout)', () => {
    expect(gp.app.server.headersTimeout).toBe(3_000);
  });

  it('keeps the configured request timeout', () => {
    expect(gp.app.server.requestTimeout).toBe(3_000);
  });
});
