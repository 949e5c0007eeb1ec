import type { ErrorCode, GatepostError, InputIssue } from '@gatepost/shared';
import { executeRows, tables, type Database } from '@gatepost/db';
import { lte, sql } from 'drizzle-orm';

/** What is kept of a finished call: enough to answer its retries exactly as it was answered. */
export type StoredOutcome =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string; readonly issues?: readonly InputIssue[] } };

/** An outcome as it is stored: its data, or its error's code, message and field issues. */
export function storedOutcomeOf(
  outcome: { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly error: GatepostError },
): StoredOutcome {
  if (outcome.ok) return { ok: true, data: outcome.data };
  const { code, message, issues } = outcome.error;
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}) } };
}

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
 * What claiming a key found: a stored result to replay, the key held by another transaction
 * (`running`: the same request is still being processed), or the key now held by this
 * transaction with nothing stored (run the call).
 */
export type KeyClaim = { readonly running: true } | { readonly running: false; readonly stored: StoredCall | undefined };

/**
 * Claims a key in one round trip (`gatepost_claim_idempotency_key`, as last defined by migration 0010): a
 * stored result is returned without locking (it is final, so retries of a finished call never
 * wait for each other); otherwise the key's transaction-scoped advisory lock is taken without
 * waiting, and the key read again under it. An advisory lock rather than a "running" row: it
 * goes away with its transaction, so a crashed process never leaves a key stuck as running —
 * and it holds across every process sharing the database.
 */
export async function claimKey(db: Database, slot: KeySlot): Promise<KeyClaim> {
  const [row] = await executeRows<ClaimRow>(
    db,
    sql`select running, operation, fingerprint, outcome from gatepost_claim_idempotency_key(${slot.scope}, ${slot.key})`,
  );
  return claimOf(row);
}

/** claimKey for many keys in one round trip (a coalesced batch), in input order. */
export async function claimKeys(db: Database, slots: readonly KeySlot[]): Promise<KeyClaim[]> {
  const rows = await executeRows<ClaimRow>(
    db,
    sql`select c.running, c.operation, c.fingerprint, c.outcome
        from unnest(${sql.param(slots.map((slot) => slot.scope))}::text[], ${sql.param(slots.map((slot) => slot.key))}::text[])
          with ordinality as wanted(scope, key, position)
        cross join lateral gatepost_claim_idempotency_key(wanted.scope, wanted.key) as c
        order by wanted.position`,
  );
  return rows.map(claimOf);
}

type ClaimRow = {
  readonly running: boolean;
  readonly operation: string | null;
  readonly fingerprint: string | null;
  readonly outcome: unknown;
};

function claimOf(row: ClaimRow | undefined): KeyClaim {
  if (!row || row.running) return { running: true };
  if (row.operation === null || row.fingerprint === null) return { running: false, stored: undefined };
  return { running: false, stored: { operation: row.operation, fingerprint: row.fingerprint, outcome: row.outcome as StoredOutcome } };
}

/**
 * Stores finished calls under their keys in one statement, replacing expired ones. Returns false
 * unless every one was stored: a live call already stored under a key, which the claim's lock
 * should make impossible; the caller then rolls back rather than answer a key two ways.
 */
export async function storeCalls(
  db: Database,
  entries: readonly { readonly slot: KeySlot; readonly call: StoredCall }[],
  retentionSeconds: number,
): Promise<boolean> {
  if (entries.length === 0) return true;
  const expiresAt = sql`now() + make_interval(secs => ${retentionSeconds})`;
  const stored = await db
    .insert(tables.idempotencyKeys)
    .values(entries.map(({ slot, call }) => ({ ...slot, ...call, expiresAt })))
    .onConflictDoUpdate({
      target: [tables.idempotencyKeys.scope, tables.idempotencyKeys.key],
      set: {
        operation: sql`excluded.operation`,
        fingerprint: sql`excluded.fingerprint`,
        outcome: sql`excluded.outcome`,
        createdAt: sql`now()`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: lte(tables.idempotencyKeys.expiresAt, sql`now()`),
    })
    .returning({ key: tables.idempotencyKeys.key });
  return stored.length === entries.length;
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
