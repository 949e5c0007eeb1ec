// PostgreSQL taken away again and again under a running gatepost and a keyed write load: every
// connection cut (as a restart does: FATAL 57P01, a plain close, or a reset), new ones refused for
// a few seconds, then the database back. gatepost must live through it, say so on /readyz, and
// the clients' retries with the same keys must end with every order written exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../helpers/commerce';
import { useFaultDatabase } from './fault-database';
import { expectAnsweredAndWrittenOnce, ordersWrittenBy } from './written-orders';
import { startGatepostProcess, type GatepostProcess } from './gatepost-process';
import { signUpWriters, startOrderLoad, type LoadCounts } from './order-writers';
import { startPostgresProxy, type CutStyle, type PostgresProxy } from './postgres-proxy';
import { readiness, waitForReadiness } from './readiness';

const WRITERS = 16;
const OUTAGES: readonly CutStyle[] = ['admin-shutdown', 'close', 'reset', 'admin-shutdown'];
const OUTAGE_MS = 3000;
const HEALTHY_MS = 2500;
const RECOVERY_TIMEOUT_MS = 15_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('gatepost under repeated database outages', () => {
  const database = useFaultDatabase();
  let proxy: PostgresProxy;
  let gatepost: GatepostProcess;

  beforeAll(async () => {
    proxy = await startPostgresProxy(database.current.url);
    gatepost = await startGatepostProcess({
      databaseUrl: proxy.url,
      env: { DATABASE_POOL_SIZE: '10', DATABASE_CONNECT_TIMEOUT_MS: '2000' },
    });
  });
  afterAll(async () => {
    await gatepost?.kill();
    await proxy?.close();
  });

  it('lives through every outage, says so on /readyz, and ends with every acknowledged order written exactly once', async () => {
    const product = await createProduct(database.current, { stock: 1_000_000 });
    const writers = await signUpWriters(gatepost.url, WRITERS);
    const load = startOrderLoad(gatepost.url, writers, product.id);
    const readinessDuringOutages: number[] = [];
    const recoveredWithin: number[] = [];

    for (const style of OUTAGES) {
      await sleep(HEALTHY_MS);
      proxy.cutAll(style);
      await proxy.refuse();
      await sleep(OUTAGE_MS / 2);
      readinessDuringOutages.push(await readiness(gatepost.url));
      await sleep(OUTAGE_MS / 2);
      const back = Date.now();
      await proxy.restore();
      expect(await waitForReadiness(gatepost.url, 200, RECOVERY_TIMEOUT_MS), gatepost.output()).toBe(true);
      recoveredWithin.push(Date.now() - back);
    }
    await sleep(HEALTHY_MS);
    const counts: LoadCounts = await load.stop();

    const written = await ordersWrittenBy(database.current, writers);
    console.log(
      `[faults] outages: ${OUTAGES.length} restarts (${OUTAGES.join(', ')}), ${WRITERS} keyed writers; ` +
        `${counts.acknowledged.length} orders acknowledged, ${written.length} found in the database; ` +
        `5xx seen ${JSON.stringify(counts.serverErrors)}, network errors ${counts.networkErrors}; ` +
        `/readyz during outages ${JSON.stringify(readinessDuringOutages)}, ready again after ${JSON.stringify(recoveredWithin)} ms`,
    );

    expect(gatepost.isRunning(), gatepost.output()).toBe(true);
    expect(gatepost.output()).not.toMatch(/uncaught|TypeError/i);
    expect(readinessDuringOutages).toEqual(OUTAGES.map(() => 503));
    expectAnsweredAndWrittenOnce(counts, written);
  });
});
