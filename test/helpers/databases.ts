import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '@gatepost/db';
import { afterAll, beforeAll, describe } from 'vitest';
import { databaseUrl, testCluster, withAdmin, type DatabaseKind } from './test-clusters';

export type { DatabaseKind } from './test-clusters';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A migrated database of its own for one test file, on the embedded or the external PostgreSQL. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly handle: DatabaseHandle;
  /** The database's URL, for a second process, a second pool or a raw client. */
  readonly url: string;
  close(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** postgres.js pool size of the handle. @default 8 */
  readonly poolSize?: number;
}

/** A fresh copy of the run's migrated template on that cluster (a few tens of milliseconds). */
export async function createTestDatabase(kind: DatabaseKind, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const cluster = testCluster(kind);
  const name = `gatepost_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(cluster.adminUrl, (admin) => admin.unsafe(`create database "${name}" template "${cluster.template}"`));
  const url = databaseUrl(cluster.adminUrl, name);
  const handle = await openDatabase({ url, poolSize: options.poolSize ?? 8 });
  return {
    kind,
    handle,
    url,
    async close() {
      await handle.close();
      await withAdmin(cluster.adminUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** Opens a database for the enclosing describe block; read `.current` inside tests. */
export function useTestDatabase(kind: DatabaseKind, options: CreateTestDatabaseOptions = {}): { readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind, options);
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
 * Writes a suite once and runs it on the embedded PostgreSQL and on the external one (drizzle's
 * habit of one suite per driver). Without TEST_DATABASE_URL the external half is reported as
 * skipped, not silently absent.
 */
export function forEachDatabase(
  suite: (database: { readonly current: TestDatabase }, kind: DatabaseKind) => void,
  options: CreateTestDatabaseOptions = {},
): void {
  for (const kind of ['embedded', 'postgres'] as const) {
    const skip = kind === 'postgres' && !testDatabaseUrl;
    const title = skip
      ? 'on PostgreSQL (skipped: TEST_DATABASE_URL is not set)'
      : kind === 'embedded'
        ? 'on the embedded PostgreSQL'
        : 'on PostgreSQL';
    (skip ? describe.skip : describe)(title, () => {
      suite(useTestDatabase(kind, options), kind);
    });
  }
}
