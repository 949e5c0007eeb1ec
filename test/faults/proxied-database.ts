// A test database reached through a PostgresProxy: the handle gatepost gets goes through the
// proxy (so the test can take the database away from it), while `direct` reads what was really
// written, whatever the proxy is doing.
import { openDatabase, type DatabaseTimeouts } from '@gatepost/db';
import { afterAll, beforeAll } from 'vitest';
import type { TestDatabase } from '../helpers/databases';
import { useFaultDatabase } from './fault-database';
import { startPostgresProxy, type PostgresProxy } from './postgres-proxy';

export interface ProxiedDatabase {
  /** The database as gatepost sees it: through the proxy. */
  readonly database: TestDatabase;
  /** The same database, straight: for reading what was written. */
  readonly direct: TestDatabase;
  readonly proxy: PostgresProxy;
}

export function useProxiedDatabase(options: { poolSize?: number; timeouts?: Partial<DatabaseTimeouts> } = {}): ProxiedDatabase {
  const direct = useFaultDatabase();
  let proxy: PostgresProxy | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    proxy = await startPostgresProxy(direct.current.url);
    const handle = await openDatabase({
      url: proxy.url,
      poolSize: options.poolSize ?? 4,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    });
    database = { kind: 'embedded', handle, url: proxy.url, close: () => handle.close() };
  });
  afterAll(async () => {
    await database?.close();
    await proxy?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not ready yet (use it inside a test or hook)`);
    return value;
  };
  return {
    get database() {
      return ready(database, 'proxied database');
    },
    get direct() {
      return direct.current;
    },
    get proxy() {
      return ready(proxy, 'proxy');
    },
  };
}
