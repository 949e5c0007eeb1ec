import { cancelRunningStatements, type Database } from '@gatepost/db';
import { cancelledError, type Cancellation } from './cancellation';

/**
 * Runs `work` in a transaction that stops when its call must (see Cancellation):
 * - not started yet (waiting for a connection): answered at once; when a connection comes, the
 *   transaction refuses to start;
 * - running: its statement in flight is cancelled (PostgreSQL's cancel protocol) and it rolls back;
 * - committing: it finishes, and its real result is the answer — a write is never answered 503
 *   once COMMIT has been sent.
 * Without a cancellation (a background job) it is a plain transaction.
 */
export async function runTransaction<Result>(
  db: Database,
  cancellation: Cancellation | undefined,
  work: (transaction: Database) => Promise<Result>,
): Promise<Result> {
  if (!cancellation) return db.transaction(work);
  const early = cancellation.reason();
  if (early) throw cancelledError(cancellation, early);
  let transaction: Database | undefined;
  let committing = false;
  let cancelling: Promise<void> | undefined;
  let answerBeforeStart!: (error: unknown) => void;
  const cancelledBeforeStart = new Promise<never>((_, reject) => (answerBeforeStart = reject));
  const stopListening = cancellation.onCancel(function cancelTransaction(reason) {
    if (committing) return;
    if (transaction) cancelling = cancelRunningStatements(transaction);
    else answerBeforeStart(cancelledError(cancellation, reason));
  });
  /** Throws the cancellation's error once PostgreSQL has taken the cancel, so ROLLBACK follows it. */
  async function throwIfCancelled(): Promise<void> {
    const reason = cancellation?.reason();
    if (!reason) return;
    await cancelling;
    throw cancelledError(cancellation as Cancellation, reason);
  }
  const running = db.transaction(async function cancellableWork(tx) {
    await throwIfCancelled();
    transaction = tx;
    let result: Result;
    try {
      result = await work(tx);
    } catch (error) {
      await throwIfCancelled();
      throw error;
    }
    await throwIfCancelled();
    committing = true;
    return result;
  });
  try {
    return await Promise.race([running, cancelledBeforeStart]);
  } finally {
    stopListening();
    // When the answer went out before the transaction started, its refusal to start is expected.
    running.catch(() => {});
  }
}
