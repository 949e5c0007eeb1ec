// The bench's own database on the given PostgreSQL server: created fresh, migrated once with
// gatepost's migrations, emptied between scenarios, dropped at the end. Other databases on the
// server (tests, development) are never touched.
import { randomBytes } from 'node:crypto';
import { openDatabase } from '@gatepost/db';
import postgres from 'postgres';

export interface BenchDatabase {
  readonly name: string;
  /** URL of the bench database, handed to every server and the postgres.js loop. */
  readonly url: string;
  /** `select version()`, for the machine section of BENCHMARKS.md. */
  serverVersion(): Promise<string>;
  /** Empties `contacts`, so each scenario starts from the same table size. */
  truncateContacts(): Promise<void>;
  countContacts(): Promise<number>;
  /** Drops the database (forcing out any connection a killed server left); safe to call twice. */
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `gatepost_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The name is ours (hex), so interpolating it into DDL is safe; identifiers cannot be parameters.
  await admin.unsafe(`create database "${name}"`);

  let client: postgres.Sql | undefined;
  let dropped: Promise<void> | undefined;
  const drop = (): Promise<void> =>
    (dropped ??= (async () => {
      await client?.end({ timeout: 2 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 2 });
    })());

  try {
    const migrator = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      await migrator.migrate();
    } finally {
      await migrator.close();
    }
    client = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  } catch (error) {
    await drop();
    throw error;
  }
  const sql = client;

  return {
    name,
    url: url.toString(),
    async serverVersion() {
      const [row] = await sql<{ version: string }[]>`select version()`;
      return row?.version ?? 'unknown';
    },
    async truncateContacts() {
      await sql`truncate table contacts`;
    },
    async countContacts() {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from contacts`;
      return row?.count ?? 0;
    },
    drop,
  };
}
