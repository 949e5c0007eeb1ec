import { tables, type Database } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { runPeriodically } from '../http/run-periodically';
import type { FileStorage, StoredObject } from './storage';

/**
 * How old a stored object with no row must be before it is removed: longer than any upload and
 * its call can take (a request's own leftovers are removed at once; see registerFileUploads), so
 * an object whose row is about to commit is never taken.
 */
export const ORPHAN_AGE_MS = 60 * 60_000;

/** Objects per lookup of their rows. */
const BATCH = 500;

/**
 * Removes stored objects no `files` row names, older than ORPHAN_AGE_MS: what a process killed
 * between storing a file and answering left behind. Returns how many it removed.
 */
export async function sweepOrphans(db: Database, storage: FileStorage, now = Date.now()): Promise<number> {
  let removed = 0;
  let batch: StoredObject[] = [];
  const sweep = async () => {
    const ids = batch.map((object) => object.key);
    batch = [];
    const rows = await db.select({ id: tables.files.id }).from(tables.files).where(inArray(tables.files.id, ids));
    const named = new Set(rows.map((row) => row.id));
    const orphans = ids.filter((id) => !named.has(id));
    await Promise.all(orphans.map((id) => storage.remove(id)));
    removed += orphans.length;
  };
  for await (const object of storage.list()) {
    // Only keys gatepost makes (UUIDs) can have a row; anything else in the bucket is not ours to remove.
    if (now - object.lastModified.getTime() < ORPHAN_AGE_MS || !UUID.test(object.key)) continue;
    batch.push(object);
    if (batch.length >= BATCH) await sweep();
  }
  if (batch.length > 0) await sweep();
  return removed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Runs sweepOrphans, and removes resumable uploads left unfinished for a day (tus's deleteExpired),
 * every `intervalMs` while the app runs. Every process may sweep: removing twice is harmless.
 */
export function scheduleOrphanSweep(app: FastifyInstance, db: Database, storage: FileStorage, intervalMs: number): void {
  runPeriodically(
    app,
    intervalMs,
    async function sweepUploads() {
      const [removed, expired] = await Promise.all([sweepOrphans(db, storage), storage.resumable().datastore.deleteExpired()]);
      if (removed > 0 || expired > 0) app.log.info({ removed, expired }, 'orphaned and expired uploads removed');
    },
    'sweeping orphaned uploads failed',
  );
}
