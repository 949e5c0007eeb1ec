import type { Database } from '@gatepost/db';
import type { FastifyInstance } from 'fastify';
import { runPeriodically } from '../http/run-periodically';
import { purgeExpiredKeys } from './store';

/**
 * Deletes expired idempotency keys periodically while the app runs (lookups already ignore
 * them; this keeps the table small). Every process may purge: the DELETE is idempotent.
 * The period follows the retention, between 1 s (tests) and 10 min.
 */
export function scheduleKeyPurge(app: FastifyInstance, db: Database, retentionSeconds: number): void {
  const periodMs = Math.min(Math.max(retentionSeconds * 500, 1000), 10 * 60_000);
  runPeriodically(
    app,
    periodMs,
    async function purgeKeys() {
      const purged = await purgeExpiredKeys(db);
      if (purged > 0) app.log.info({ purged }, 'expired idempotency keys purged');
    },
    'purging expired idempotency keys failed',
  );
}
