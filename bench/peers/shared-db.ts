// What every database-backed peer shares: one postgres.js pool sized like gatepost's, drizzle on
// top, and the one insert they all perform. Keeping it here means the peers differ only in the
// protocol layer, which is what the bench compares.
import { contacts } from '@gatepost/db/schema';
import { sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

export interface ContactInput {
  readonly name: string;
  readonly email: string;
  readonly message?: string | undefined;
}

/** The row as every protocol returns it: JSON-safe, timestamp as an ISO string (gatepost's contract). */
export interface ContactOutput {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly message: string | null;
  readonly createdAt: string;
}

export interface PeerDatabase {
  readonly db: PostgresJsDatabase;
  close(): Promise<void>;
}

/** Opens the pool from DATABASE_URL / DATABASE_POOL_SIZE, the same variables gatepost reads. */
export function openPeerDatabase(environment: NodeJS.ProcessEnv = process.env): PeerDatabase {
  const url = environment.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const poolSize = Number(environment.DATABASE_POOL_SIZE ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new Error(`DATABASE_POOL_SIZE must be a positive integer, got ${environment.DATABASE_POOL_SIZE}`);
  // The same client options gatepost's postgres.js pool uses, so the driver is not a variable.
  const client = postgres(url, { max: poolSize, onnotice: () => {}, connect_timeout: 10 });
  return { db: drizzle(client), close: () => client.end({ timeout: 5 }) };
}

function toOutput(row: typeof contacts.$inferSelect): ContactOutput {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The plain drizzle insert a competent engineer writes: built per call, `.returning()` the row. */
export async function insertContact(db: PostgresJsDatabase, input: ContactInput): Promise<ContactOutput> {
  const [row] = await db
    .insert(contacts)
    .values({ name: input.name, email: input.email, message: input.message ?? null })
    .returning();
  if (!row) throw new Error('insert into contacts returned no row');
  return toOutput(row);
}

/**
 * The same insert as a named prepared statement: drizzle builds the SQL once and postgres.js
 * parses it once per connection. The ceiling for "drizzle over HTTP".
 */
export function prepareInsertContact(db: PostgresJsDatabase): (input: ContactInput) => Promise<ContactOutput> {
  const statement = db
    .insert(contacts)
    .values({ name: sql.placeholder('name'), email: sql.placeholder('email'), message: sql.placeholder('message') })
    .returning()
    .prepare('insert_contact');
  return async (input) => {
    const [row] = await statement.execute({ name: input.name, email: input.email, message: input.message ?? null });
    if (!row) throw new Error('insert into contacts returned no row');
    return toOutput(row);
  };
}
