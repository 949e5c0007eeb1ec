import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '@gatepost/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';

export type DatabaseKind = 'pglite' | 'postgres';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A migrated database of its own for one test file: PGlite in memory, or a fresh PostgreSQL database. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly handle: DatabaseHandle;
  /** The URL of the PostgreSQL database (postgres only), for a second process or a raw client. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({});
    await handle.migrate();
    return { kind, handle, url: undefined, close: () => handle.close() };
  }
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `gatepost_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 8 });
  await handle.migrate();
  return {
    kind,
    handle,
    url: url.toString(),
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Opens a database for the enclosing describe block; read `.current` inside tests. */
export function useTestDatabase(kind: DatabaseKind): { readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get current() {
      if (!database) throw new Error('the test database is not open yet (use it inside a test or hook)');
      return database;
    },
  };
}

/**
 * Writes a suite once and runs it on PGlite and on PostgreSQL (drizzle's habit). Without
 * TEST_DATABASE_URL the PostgreSQL half is reported as skipped, not silently absent.
 */
export function forEachDatabase(suite: (database: { readonly current: TestDatabase }, kind: DatabaseKind) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const skip = kind === 'postgres' && !testDatabaseUrl;
    const title = skip ? 'on PostgreSQL (skipped: TEST_DATABASE_URL is not set)' : kind === 'pglite' ? 'on PGlite' : 'on PostgreSQL';
    (skip ? describe.skip : describe)(title, () => {
      suite(useTestDatabase(kind), kind);
    });
  }
}
