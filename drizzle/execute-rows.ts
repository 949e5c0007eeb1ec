import type { SQL } from 'drizzle-orm';
import type { Database } from './database';

/** Runs raw SQL and returns its rows (postgres.js gives the row list itself). */
export async function executeRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  return (await db.execute(query)) as unknown as Row[];
}
