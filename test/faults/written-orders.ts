// What a keyed order load really left in the database: read straight from it, whatever the load
// was told, so a test can compare the two.
import { tables } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import type { TestDatabase } from '../helpers/databases';
import { expect } from 'vitest';
import type { LoadCounts, Writer } from './order-writers';

export async function ordersWrittenBy(database: TestDatabase, writers: readonly Writer[]): Promise<{ id: string }[]> {
  return database.handle.db
    .select({ id: tables.orders.id })
    .from(tables.orders)
    .where(
      inArray(
        tables.orders.userId,
        writers.map((writer) => writer.userId),
      ),
    );
}

/**
 * What a keyed load must have come through an outage with: every call finished, the outage met
 * the load and was answered "not now" (503), never as a server fault (500), and the database holds
 * exactly the acknowledged orders — no duplicate, no write nobody was told of.
 */
export function expectAnsweredAndWrittenOnce(counts: LoadCounts, written: readonly { id: string }[]): void {
  const acknowledgedIds = counts.acknowledged.map((order) => order.orderId);
  expect(counts.refused).toEqual([]);
  expect(counts.unfinished).toBe(0);
  expect(counts.serverErrors[503] ?? 0).toBeGreaterThan(0);
  expect(counts.serverErrors[500] ?? 0).toBe(0);
  expect(new Set(acknowledgedIds).size).toBe(acknowledgedIds.length);
  expect(written.map((order) => order.id).sort()).toEqual([...acknowledgedIds].sort());
}
