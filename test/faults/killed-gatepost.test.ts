// gatepost killed with SIGKILL in the middle of a keyed order load — no graceful stop, orders half
// done — then started again on the same port. The clients keep sending the same keys, and every
// order ends up placed exactly once: a transaction the kill cut short left nothing, a committed
// one is replayed from its stored result.
import { afterAll, describe, expect, it } from 'vitest';
import { createProduct } from '../helpers/commerce';
import { useFaultDatabase } from './fault-database';
import { ordersWrittenBy } from './written-orders';
import { startGatepostProcess, type GatepostProcess } from './gatepost-process';
import { signUpWriters, startOrderLoad } from './order-writers';

const WRITERS = 12;
const KILLS = 2;
const RUNNING_MS = 3000;
const DOWN_MS = 1000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('gatepost killed with SIGKILL under keyed load', () => {
  const database = useFaultDatabase();
  let gatepost: GatepostProcess | undefined;

  afterAll(async () => {
    await gatepost?.kill();
  });

  it('places every order exactly once across the kills, as clients retry with their keys', async () => {
    gatepost = await startGatepostProcess({ databaseUrl: database.current.url });
    const { url, port } = gatepost;
    const product = await createProduct(database.current, { stock: 1_000_000 });
    const writers = await signUpWriters(url, WRITERS);
    const load = startOrderLoad(url, writers, product.id);

    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(RUNNING_MS);
      await gatepost.kill();
      await sleep(DOWN_MS);
      gatepost = await startGatepostProcess({ databaseUrl: database.current.url, port });
    }
    await sleep(RUNNING_MS);
    const counts = await load.stop();

    const written = await ordersWrittenBy(database.current, writers);
    const acknowledgedIds = counts.acknowledged.map((order) => order.orderId);
    console.log(
      `[faults] kill -9: ${KILLS} kills, ${WRITERS} keyed writers; ${counts.acknowledged.length} orders acknowledged, ` +
        `${written.length} found in the database; network errors ${counts.networkErrors}, 5xx seen ${JSON.stringify(counts.serverErrors)}`,
    );

    expect(counts.refused).toEqual([]);
    expect(counts.unfinished).toBe(0);
    // The kills really met the load: requests were cut off, and retried.
    expect(counts.networkErrors).toBeGreaterThan(0);
    expect(new Set(acknowledgedIds).size).toBe(acknowledgedIds.length);
    expect(written.map((order) => order.id).sort()).toEqual([...acknowledgedIds].sort());
  });
});
