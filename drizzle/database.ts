import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded/index';
import { trackTransactionStatements } from './cancellable-statements';
import { DEFAULT_DATABASE_TIMEOUTS, poolBounds, type DatabaseTimeouts } from './pool-bounds';
import * as schema from './schema/index';

export type { DatabaseTimeouts } from './pool-bounds';
export { DEFAULT_DATABASE_TIMEOUTS } from './pool-bounds';

export type Schema = typeof schema;

/** The one database type handlers and the pipeline see. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Found through the package, not relative to this file: in a bundle (dist/server.mjs) this
 * file's URL is the bundle's, but `@gatepost/db` still resolves to the drizzle/ folder.
 */
export const migrationsFolder = join(dirname(createRequire(import.meta.url).resolve('@gatepost/db/package.json')), 'migrations');

export interface DatabaseHandle {
  readonly db: Database;
  /** The embedded server behind this database, when gatepost started one (no DATABASE_URL). */
  readonly embedded: EmbeddedPostgres | undefined;
  /** Applies the committed drizzle-kit migrations that have not run yet. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query; used by `/readyz`. */
  ping(): Promise<void>;
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent, gatepost starts its embedded PostgreSQL (`embedded`). */
  readonly url?: string | undefined;
  /** The embedded server's settings, used when `url` is absent. */
  readonly embedded?: EmbeddedPostgresOptions;
  /** postgres.js pool size. @default 10 */
  readonly poolSize?: number;
  /** How long the pool waits on the server (connect, statement, idle in a transaction). @default DEFAULT_DATABASE_TIMEOUTS */
  readonly timeouts?: Partial<DatabaseTimeouts>;
}

/** One driver, postgres.js, whether the server is an external one or the embedded one. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const pool = { size: options.poolSize ?? 10, timeouts: { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts } };
  if (options.url) return connect(options.url, pool, undefined);
  if (!options.embedded) throw new Error("openDatabase needs a url or the embedded server's options");
  // postgres.js connects lazily, so opening the pool cannot fail here; the first query tells.
  const embedded = await startEmbeddedPostgres(options.embedded);
  return connect(embedded.url, pool, embedded);
}

interface PoolSettings {
  readonly size: number;
  readonly timeouts: DatabaseTimeouts;
}

function connect(url: string, pool: PoolSettings, embedded: EmbeddedPostgres | undefined): DatabaseHandle {
  const client = trackTransactionStatements(postgres(url, { max: pool.size, onnotice: () => {}, ...poolBounds(pool.timeouts) }));
  const db = drizzle(client, { schema });
  return {
    db,
    embedded,
    async migrate() {
      // A session of its own, without the pool's statement bounds: a migration may rightly take
      // longer than any request should (an index built on a large table).
      const unbounded = { ...pool.timeouts, statementMs: 0, idleInTransactionMs: 0 };
      // Migrations print NOTICEs ("schema already exists"); they are not worth a log line per start.
      const migrator = postgres(url, { max: 1, onnotice: () => {}, ...poolBounds(unbounded) });
      try {
        await migrate(drizzle(migrator, { schema }), { migrationsFolder });
      } finally {
        await migrator.end({ timeout: 5 });
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
