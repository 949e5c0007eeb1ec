import type { SQL } from 'drizzle-orm';
import type { Database } from './database';

/**
 * Runs raw SQL and returns its rows, whichever driver is behind `db`: drizzle's `execute()`
 * gives postgres.js's row list (an array) but PGlite's result object (`{ rows }`).
 */
export async function executeRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}
