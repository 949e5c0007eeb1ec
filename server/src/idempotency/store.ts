import type { InputIssue, ErrorCode } from '@gatepost/shared';
import { executeRows, tables, type Database } from '@gatepost/db';
import { lte, sql } from 'drizzle-orm';

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

/** What claiming a key found: whether this transaction holds it, and the call stored under it. */
export type KeyClaim = { readonly locked: false } | { readonly locked: true; readonly stored: StoredCall | undefined };

/**
 * Takes the key's lock for the rest of the transaction, without waiting, and reads the live call
 * stored under it, in one round trip (`gatepost_claim_idempotency_key`, migration 0005).
 * `locked: false` means another transaction — in any process sharing the database — holds the
 * key: the same request is still running. An advisory lock rather than a "running" row: it goes
 * away with its transaction, so a crashed process can never leave a key stuck as running.
 */
export async function claimKey(db: Database, slot: KeySlot): Promise<KeyClaim> {
  const [row] = await executeRows<{ locked: boolean; operation: string | null; fingerprint: string | null; outcome: unknown }>(
    db,
    sql`select locked, operation, fingerprint, outcome from gatepost_claim_idempotency_key(${slot.scope}, ${slot.key})`,
  );
  if (!row?.locked) return { locked: false };
  if (row.operation === null || row.fingerprint === null) return { locked: true, stored: undefined };
  return { locked: true, stored: { operation: row.operation, fingerprint: row.fingerprint, outcome: row.outcome as StoredOutcome } };
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
