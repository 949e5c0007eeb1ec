// The fault suites run on the run's embedded PostgreSQL only: it is this run's alone, so cutting,
// refusing and flooding connections to it (through a proxy) disturbs no one, and its
// max_connections (400) has room for the pools of child processes started again and again.
import { useTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from '../helpers/databases';

export function useFaultDatabase(options: CreateTestDatabaseOptions = {}): { readonly current: TestDatabase } {
  return useTestDatabase('embedded', { poolSize: 4, ...options });
}
