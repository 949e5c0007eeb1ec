// A row lock held by the test from a session of its own, so a call that needs the row waits for it.
import postgres from 'postgres';

export interface RowLock {
  /** Resolves once some other session of the database waits for a lock. */
  someoneWaits(): Promise<void>;
  /** Rolls the holding transaction back. */
  release(): Promise<void>;
}

/** `select … for update` on one product, in a transaction left open until `release()`. */
export async function lockProductRow(databaseUrl: string, productId: string): Promise<RowLock> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const session = await sql.reserve();
  await session`begin`;
  await session`select id from products where id = ${productId} for update`;
  let released = false;
  return {
    async someoneWaits() {
      for (let attempt = 0; attempt < 400; attempt++) {
        const [row] = await sql<{ waiting: number }[]>`
          select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if ((row?.waiting ?? 0) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no session ever waited for the lock');
    },
    async release() {
      if (released) return;
      released = true;
      await session`rollback`;
      session.release();
      await sql.end();
    },
  };
}
