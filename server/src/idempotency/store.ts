import type { InputIssue, ErrorCode } from '@gatepost/shared';
import { executeRows, perDatabase, tables, type Database } from '@gatepost/db';
import { and, eq, gt, lte, sql } from 'drizzle-orm';

/** What is kept of a finished call: enough to answer its retries exactly as it was answered. */
export type StoredOutcome =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string; readonly issues?: readonly InputIssue[] } };

export interface StoredCall {
  readonly operation: string;
  readonly fingerprint: string;
  readonly outcome: StoredOutcome;
}

/** Where a key lives: whose it is, and the key itself. */
export interface KeySlot {
  readonly scope: string;
  readonly key: string;
}

/**
 * Takes the key's lock for the rest of the transaction, without waiting: false when another
 * transaction (in any process sharing the database) holds it, i.e. the same key is still running.
 * An advisory lock rather than a "running" row: it goes away with its transaction, so a crashed
 * process can never leave a key stuck as running.
 */
export async function tryLockKey(db: Database, slot: KeySlot): Promise<boolean> {
  const [row] = await executeRows<{ locked: boolean }>(
    db,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`${slot.scope}\n${slot.key}`}, 0)) as locked`,
  );
  return row?.locked === true;
}

const liveKey = perDatabase((db) =>
  db
    .select({
      operation: tables.idempotencyKeys.operation,
      fingerprint: tables.idempotencyKeys.fingerprint,
      outcome: tables.idempotencyKeys.outcome,
    })
    .from(tables.idempotencyKeys)
    .where(
      and(
        eq(tables.idempotencyKeys.scope, sql.placeholder('scope')),
        eq(tables.idempotencyKeys.key, sql.placeholder('key')),
        gt(tables.idempotencyKeys.expiresAt, sql`now()`),
      ),
    )
    .prepare('idempotency_keys_live'),
);

/** The finished call stored under this key, unless there is none or it has expired. Run it after tryLockKey. */
export async function findStoredCall(db: Database, slot: KeySlot): Promise<StoredCall | undefined> {
  const [row] = await liveKey(db).execute({ scope: slot.scope, key: slot.key });
  return row ? { operation: row.operation, fingerprint: row.fingerprint, outcome: row.outcome as StoredOutcome } : undefined;
}

/**
 * Stores a finished call under its key, replacing an expired one. Returns false when a live
 * call is already stored there, which the lock should make impossible; the caller then rolls
 * back rather than answer a key two ways.
 */
export async function storeCall(db: Database, slot: KeySlot, call: StoredCall, retentionSeconds: number): Promise<boolean> {
  const expiresAt = sql`now() + make_interval(secs => ${retentionSeconds})`;
  const stored = await db
    .insert(tables.idempotencyKeys)
    .values({ ...slot, ...call, expiresAt })
    .onConflictDoUpdate({
      target: [tables.idempotencyKeys.scope, tables.idempotencyKeys.key],
      set: {
        operation: call.operation,
        fingerprint: call.fingerprint,
        outcome: call.outcome,
        createdAt: sql`now()`,
        expiresAt,
      },
      setWhere: lte(tables.idempotencyKeys.expiresAt, sql`now()`),
    })
    .returning({ key: tables.idempotencyKeys.key });
  return stored.length === 1;
}

/** Deletes every expired key; returns how many. */
export async function purgeExpiredKeys(db: Database): Promise<number> {
  const [row] = await executeRows<{ purged: number }>(
    db,
    sql`with purged as (delete from ${tables.idempotencyKeys} where ${tables.idempotencyKeys.expiresAt} <= now() returning 1)
        select count(*)::int as purged from purged`,
  );
  return row?.purged ?? 0;
}
