// What a keyed order load really left in the database: read straight from it, whatever the load
// was told, so a test can compare the two.
import { tables } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import type { TestDatabase } from '../helpers/databases';
import type { Writer } from './order-writers';

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
