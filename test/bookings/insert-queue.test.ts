// Inserts of one resource's bookings take turns on a per-resource lock (migration
// 0012_bookings_queue_by_resource), so a crowd of inserters of one slot never waits on each other's
// uncommitted rows, where PostgreSQL's exclusion check can deadlock faster than its detector breaks
// the cycles. Shown with two real transactions: the second waits on the queue, not on the first's
// row, and is refused by the constraint the moment the first commits.
import { randomUUID } from 'node:crypto';
import { tables, type Database } from '@gatepost/db';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it, vi } from 'vitest';
import { forEachDatabase } from '../helpers/databases';

const PERIOD = { startsAt: new Date('2033-03-03T10:00:00Z'), endsAt: new Date('2033-03-03T11:00:00Z') };

forEachDatabase((database) => {
  let userId: string;
  beforeAll(async () => {
    const [user] = await database.current.handle.db
      .insert(tables.users)
      .values({ email: `queue.${randomUUID()}@example.com`, displayName: 'Queue' })
      .returning();
    userId = user?.id ?? '';
  });

  /** What the backend running `marker`'s statement is waiting on, if anything, e.g. `Lock: advisory`. */
  async function waitOf(db: Database, marker: string): Promise<string | undefined> {
    const rows = (await db.execute(
      sql`select wait_event_type || ': ' || wait_event as wait from pg_stat_activity
          where query like ${`%${marker}%`} and pid <> pg_backend_pid()`,
    )) as unknown as { wait: string | null }[];
    return rows[0]?.wait ?? undefined;
  }

  it("makes a second insert of the resource wait on the resource's queue, then refuses its overlap once the first commits", async () => {
    const { db } = database.current.handle;
    const resourceId = `queue-${randomUUID()}`;
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstInserted!: () => void;
    const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = db.transaction(async (tx) => {
      await tx.insert(tables.bookings).values({ userId, resourceId, ...PERIOD });
      firstInserted();
      await firstMayCommit;
    });
    await firstHasInserted;
    const marker = `second-${randomUUID()}`;
    const second = db
      .execute(
        sql`insert into bookings (user_id, resource_id, starts_at, ends_at) ${sql.raw(`/* ${marker} */`)}
            values (${userId}::uuid, ${resourceId}, ${PERIOD.startsAt.toISOString()}::timestamptz, ${PERIOD.endsAt.toISOString()}::timestamptz)`,
      )
      .then(
        () => 'inserted',
        (error: { cause?: { code?: string }; code?: string }) => error.cause?.code ?? error.code ?? 'failed',
      );
    try {
      await vi.waitFor(async () => expect(await waitOf(db, marker)).toBe('Lock: advisory'), { timeout: 10_000 });
    } finally {
      commitFirst();
      await first;
    }
    expect(await second).toBe('23P01');
  });
});
