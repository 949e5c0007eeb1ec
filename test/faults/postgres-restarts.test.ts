// The machine's real PostgreSQL server restarted (pg_ctlcluster restart: a fast shutdown, every
// session ended, then a start) again and again under a running gatepost and a keyed write load:
// what the proxy outages simulate, done to the real server. gatepost must live through it, say so
// on /readyz, and the clients' retries with the same keys must end with every order written
// exactly once.
//
// Opt-in (GATEPOST_FAULTS_RESTART_POSTGRES=1): every other suite shares that server, so only a
// run that has it to itself restarts it — CI, once, after every other suite. Whatever happens,
// the server is running again when this file is done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../helpers/commerce';
import { testDatabaseUrl, useTestDatabase } from '../helpers/databases';
import { startGatepostProcess, type GatepostProcess } from './gatepost-process';
import { clusterOnPort, ensureRunning, restartCluster, type MachineCluster } from './machine-postgres';
import { signUpWriters, startOrderLoad } from './order-writers';
import { sampleReadiness, waitForReadiness, type ReadinessSample } from './readiness';
import { expectAnsweredAndWrittenOnce, ordersWrittenBy } from './written-orders';

const OPT_IN = 'GATEPOST_FAULTS_RESTART_POSTGRES';
const WRITERS = 16;
const RESTARTS = 3;
const HEALTHY_MS = 2500;
const RECOVERY_TIMEOUT_MS = 15_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const optedIn = process.env[OPT_IN] === '1';
if (!optedIn) {
  console.log(`[faults] real PostgreSQL restarts skipped: set ${OPT_IN}=1 on a machine whose PostgreSQL no one else is using`);
}

interface Restart {
  readonly began: number;
  readonly tookMs: number;
}

/** What /readyz said from a restart's start until the next one (or the end of the samples). */
function readinessAcross(samples: readonly ReadinessSample[], restart: Restart, next: Restart | undefined) {
  const during = samples.filter((sample) => sample.at >= restart.began && sample.at < (next?.began ?? Infinity));
  const firstUnready = during.find((sample) => sample.status !== 200);
  const readyAgain = firstUnready && during.find((sample) => sample.at > firstUnready.at && sample.status === 200);
  return {
    statuses: [...new Set(during.map((sample) => sample.status))].sort(),
    /** From the first answer that was not 200 to the first 200 after it. */
    unreadyMs: firstUnready && readyAgain ? readyAgain.at - firstUnready.at : undefined,
  };
}

(optedIn ? describe : describe.skip)('gatepost while the machine’s PostgreSQL server restarts', () => {
  // Straight at the server (no proxy): the restart itself is the fault.
  const database = useTestDatabase('postgres', { poolSize: 2 });
  let cluster: MachineCluster | undefined;
  let gatepost: GatepostProcess | undefined;

  beforeAll(async () => {
    if (!testDatabaseUrl) throw new Error(`${OPT_IN}=1 needs TEST_DATABASE_URL: the machine's PostgreSQL to restart`);
    const { hostname, port } = new URL(testDatabaseUrl);
    if (hostname !== '127.0.0.1' && hostname !== 'localhost') {
      throw new Error(`TEST_DATABASE_URL points at ${hostname}: this suite restarts this machine's server only`);
    }
    cluster = await clusterOnPort(Number(port || 5432));
    gatepost = await startGatepostProcess({
      databaseUrl: database.current.url,
      env: { DATABASE_POOL_SIZE: '10', DATABASE_CONNECT_TIMEOUT_MS: '2000' },
    });
  });
  // Registered after the database's own afterAll, so it runs before it (vitest runs them as a stack).
  afterAll(async () => {
    await gatepost?.kill();
    if (cluster) await ensureRunning(cluster);
  });

  it('lives through every restart, says so on /readyz, and ends with every acknowledged order written exactly once', async () => {
    if (!cluster || !gatepost) throw new Error('not set up');
    const { url } = gatepost;
    const product = await createProduct(database.current, { stock: 1_000_000 });
    const writers = await signUpWriters(url, WRITERS);
    const load = startOrderLoad(url, writers, product.id);
    const sampler = sampleReadiness(url);
    const restarts: Restart[] = [];
    try {
      for (let restart = 0; restart < RESTARTS; restart++) {
        await sleep(HEALTHY_MS);
        const began = Date.now();
        await restartCluster(cluster);
        restarts.push({ began, tookMs: Date.now() - began });
        expect(await waitForReadiness(url, 200, RECOVERY_TIMEOUT_MS), gatepost.output()).toBe(true);
      }
      await sleep(HEALTHY_MS);
    } finally {
      await ensureRunning(cluster);
      await sampler.stop();
    }
    const counts = await load.stop();
    const readinessByRestart = restarts.map((restart, index) => readinessAcross(sampler.samples, restart, restarts[index + 1]));

    const written = await ordersWrittenBy(database.current, writers);
    console.log(
      `[faults] real restarts: ${RESTARTS} restarts of PostgreSQL ${cluster.version}/${cluster.name}, ${WRITERS} keyed writers; ` +
        `${counts.acknowledged.length} orders acknowledged, ${written.length} found in the database; ` +
        `5xx seen ${JSON.stringify(counts.serverErrors)}, network errors ${counts.networkErrors}; ` +
        `pg_ctlcluster restart took ${JSON.stringify(restarts.map((restart) => restart.tookMs))} ms, ` +
        `/readyz unready for ${JSON.stringify(readinessByRestart.map((readiness) => readiness.unreadyMs))} ms`,
    );

    expect(gatepost.isRunning(), gatepost.output()).toBe(true);
    expect(gatepost.output()).not.toMatch(/uncaught|TypeError/i);
    // Each restart was seen by a load balancer: 503 while the server was away, then 200 — never a
    // hang (0) or another status.
    for (const readiness of readinessByRestart) expect(readiness.statuses).toEqual([200, 503]);
    expectAnsweredAndWrittenOnce(counts, written);
  });
});
