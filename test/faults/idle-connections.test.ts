// 20,000 idle TCP connections (connect, send nothing) against a gatepost process started with its
// defaults: MAX_CONNECTIONS (1000), HEADERS_TIMEOUT_MS (10 s), KEEP_ALIVE_TIMEOUT_MS (5 s). The cap
// is what protects the process: it holds at most that many sockets, drops the rest as they arrive,
// stays within its memory, lets go of the idle ones once the headers deadline passes, and keeps
// serving a client that already held a connection. test/security/connections.test.ts checks each
// setting in-process with a handful of sockets; this is the same at scale, on a real process.
//
// What the cap does not do: while idle sockets fill it, a *new* client is dropped too, for up to
// HEADERS_TIMEOUT_MS. The cap protects the process, not the newcomers; that is a proxy's job.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFaultDatabase } from './fault-database';
import { startGatepostProcess, type GatepostProcess } from './gatepost-process';
import { openIdleFlood, type IdleFlood, type IdleSocket } from './idle-sockets';
import { keptAliveClient, type KeptAliveClient, type TimedAnswer } from './kept-alive-client';
import { openFileLimits, openSockets, residentBytes } from './process-usage';

const IDLE_CONNECTIONS = 20_000;
const CONCURRENCY = 500;
/** gatepost's defaults, which the process under test runs with (nothing in its environment sets them). */
const DEFAULT_MAX_CONNECTIONS = 1000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const SETTINGS = ['MAX_CONNECTIONS', 'HEADERS_TIMEOUT_MS', 'KEEP_ALIVE_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS'] as const;
/** A connection past the cap is closed as it is accepted: well within this. */
const DROPPED_WITHIN_MS = 1000;
/** Node checks the deadlines once a second (connectionsCheckingInterval); the rest is a busy two-core machine. */
const TIMEOUT_SLACK_MS = 3000;
/** A client that already holds a connection is answered within this, flood or not. */
const ANSWER_BOUND_MS = 2000;
/** What 1000 held sockets may add to the process's resident memory (a few KiB each; 20,000 would not fit). */
const RSS_GROWTH_BOUND_BYTES = 32 * 1024 * 1024;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const mebibytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

interface Observed {
  openingMs: number;
  baseline: { rss: number; sockets: number };
  peak: { rss: number; sockets: number };
  openAfterFlood: number;
  probeClosedWithinMs: number | undefined;
  answersDuringFlood: TimedAnswer[];
  write: TimedAnswer;
  allClosedAfterMs: number | undefined;
  freshConnectionStatus: number;
}

/** Samples the process's sockets and memory until stopped, keeping the peaks. */
function watchProcess(pid: number, into: Observed['peak']) {
  let stopping = false;
  const running = (async () => {
    while (!stopping) {
      // The process may be gone (killed after a failure): the peaks so far are what there is.
      const sample = await Promise.all([residentBytes(pid), openSockets(pid)]).catch(() => undefined);
      if (!sample) return;
      into.rss = Math.max(into.rss, sample[0]);
      into.sockets = Math.max(into.sockets, sample[1]);
      await sleep(200);
    }
  })();
  return async () => {
    stopping = true;
    await running;
  };
}

/** Milliseconds until the socket is closed by the server, or undefined if it was still open after `milliseconds`. */
async function closedWithin(flood: IdleFlood, socket: IdleSocket | undefined, milliseconds: number): Promise<number | undefined> {
  for (const until = Date.now() + milliseconds; Date.now() < until; await sleep(20)) {
    if (socket?.closedAt !== undefined) return socket.closedAt - socket.connectedAt;
  }
  return undefined;
}

describe(`gatepost with its default MAX_CONNECTIONS under ${IDLE_CONNECTIONS.toLocaleString('en')} idle connections`, () => {
  const database = useFaultDatabase();
  let gatepost: GatepostProcess;
  let flood: IdleFlood | undefined;
  let client: KeptAliveClient | undefined;
  let stopWatching: (() => Promise<void>) | undefined;
  const observed = {} as Observed;

  beforeAll(async () => {
    const set = SETTINGS.filter((name) => process.env[name] !== undefined);
    if (set.length > 0) throw new Error(`unset ${set.join(', ')}: this suite measures gatepost's defaults`);
    // This process holds the sockets the server kept plus those in flight; more than the common 1024.
    const needed = DEFAULT_MAX_CONNECTIONS + CONCURRENCY + 512;
    const limits = await openFileLimits();
    if (limits.soft < needed) {
      throw new Error(
        `this suite holds up to ${needed} sockets, but ulimit -n is ${limits.soft} (hard ${limits.hard}): raise it, e.g. ulimit -n ${needed}`,
      );
    }

    gatepost = await startGatepostProcess({ databaseUrl: database.current.url });
    const pid = gatepost.child.pid as number;
    client = keptAliveClient(gatepost.url);
    expect((await client.send('GET', '/readyz')).status).toBe(200);
    observed.baseline = { rss: await residentBytes(pid), sockets: await openSockets(pid) };
    observed.peak = { ...observed.baseline };
    stopWatching = watchProcess(pid, observed.peak);

    client.keepAsking('/readyz', 500);
    const began = Date.now();
    flood = await openIdleFlood({ port: gatepost.port, count: IDLE_CONNECTIONS, concurrency: CONCURRENCY });
    observed.openingMs = Date.now() - began;
    await sleep(DROPPED_WITHIN_MS);
    observed.openAfterFlood = flood.openNow();

    // The cap is full of idle sockets now: one more is closed as it arrives…
    const probe = await openIdleFlood({ port: gatepost.port, count: 1, concurrency: 1 });
    observed.probeClosedWithinMs = await closedWithin(probe, probe.sockets[0], DROPPED_WITHIN_MS);
    probe.destroy();
    // …while the client that already held a connection is served, reads and writes alike.
    observed.write = await client.send('POST', '/trpc/contacts.submit', {
      name: 'Ada',
      email: `idle-flood-${randomUUID()}@example.com`,
      message: 'Written while 20,000 idle connections knocked',
    });
    await client.stopAsking();
    observed.answersDuringFlood = [...client.answers];

    // Every idle socket the server held is let go once the headers deadline passes.
    const lastConnect = Math.max(...flood.sockets.map((socket) => socket.connectedAt));
    const waitUntil = lastConnect + DEFAULT_HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS;
    while (flood.openNow() > 0 && Date.now() < waitUntil) await sleep(100);
    observed.allClosedAfterMs = flood.openNow() === 0 ? Date.now() - lastConnect : undefined;
    observed.freshConnectionStatus = await fetch(`${gatepost.url}/readyz`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) }).then(
      (response) => response.status,
      () => 0,
    );
    await stopWatching();

    const dropped = flood.sockets.filter((socket) => isDropped(socket)).length;
    console.log(
      `[faults] idle connections: ${IDLE_CONNECTIONS} opened in ${observed.openingMs} ms (${CONCURRENCY} at a time), failures ${JSON.stringify(flood.failures)}; ` +
        `${dropped} dropped at once, ${observed.openAfterFlood} held after the flood; ` +
        `gatepost sockets ${observed.baseline.sockets} → peak ${observed.peak.sockets}, RSS ${mebibytes(observed.baseline.rss)} → peak ${mebibytes(observed.peak.rss)} MiB; ` +
        `held ones closed ${observed.allClosedAfterMs} ms after the last connect; ` +
        `kept-alive client: ${observed.answersDuringFlood.length} answers, slowest ${Math.max(...observed.answersDuringFlood.map((answer) => answer.elapsedMs))} ms`,
    );
  }, 120_000);
  afterAll(async () => {
    await stopWatching?.();
    flood?.destroy();
    client?.close();
    await gatepost?.kill();
  });

  const isDropped = (socket: IdleSocket) =>
    socket.closedAt !== undefined && socket.closedAt - socket.connectedAt < DROPPED_WITHIN_MS && socket.bytesReceived === 0;

  it('lets every connection attempt complete, and lives through the flood', () => {
    expect(flood?.failures).toEqual({});
    expect(flood?.sockets).toHaveLength(IDLE_CONNECTIONS);
    expect(gatepost.isRunning(), gatepost.output()).toBe(true);
  });

  it('never holds more than MAX_CONNECTIONS client sockets at once', () => {
    expect(observed.peak.sockets - observed.baseline.sockets).toBeLessThanOrEqual(DEFAULT_MAX_CONNECTIONS);
    expect(observed.openAfterFlood).toBeLessThanOrEqual(DEFAULT_MAX_CONNECTIONS);
  });

  it('closes a connection past the cap as soon as it arrives', () => {
    expect(observed.probeClosedWithinMs).toBeDefined();
  });

  it(`keeps its resident memory within ${mebibytes(RSS_GROWTH_BOUND_BYTES)} MiB of where it started`, () => {
    expect(observed.peak.rss - observed.baseline.rss).toBeLessThan(RSS_GROWTH_BOUND_BYTES);
  });

  it('keeps answering, within the bound, a client that already held a connection: /readyz and a write', () => {
    expect(client?.connectionsUsed()).toBe(1);
    expect(observed.answersDuringFlood.map((answer) => answer.status)).toEqual(observed.answersDuringFlood.map(() => 200));
    expect(Math.max(...observed.answersDuringFlood.map((answer) => answer.elapsedMs))).toBeLessThan(ANSWER_BOUND_MS);
    expect(observed.write).toMatchObject({ path: '/trpc/contacts.submit', status: 200 });
    expect(observed.write.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
  });

  it('either drops an idle connection at once or closes it when HEADERS_TIMEOUT_MS has passed, never later', () => {
    const heldLifetimes = (flood?.sockets ?? [])
      .filter((socket) => !isDropped(socket))
      .map((socket) => (socket.closedAt ?? Infinity) - socket.connectedAt);
    expect(heldLifetimes.length).toBeGreaterThan(0);
    expect(Math.min(...heldLifetimes)).toBeGreaterThanOrEqual(DEFAULT_HEADERS_TIMEOUT_MS - DROPPED_WITHIN_MS);
    expect(Math.max(...heldLifetimes)).toBeLessThanOrEqual(DEFAULT_HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS);
    expect(observed.allClosedAfterMs).toBeDefined();
  });

  it('serves new connections again once the idle ones are gone', () => {
    expect(observed.freshConnectionStatus).toBe(200);
  });
});
