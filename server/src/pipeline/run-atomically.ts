import { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { SettleDeps } from '../payments/settle-authorisations';
import { settleAuthorisations } from '../payments/settle-authorisations';
import type { Execute, RunCall } from './execute';
import type { Cancellation } from './cancellation';
import { runTransaction } from './run-transaction';
import type { Outcome } from './types';

/** What a call of an all-or-nothing batch reports when another call failed and nothing was kept. */
export function batchAborted(): GatepostError {
  return new GatepostError('BATCH_ABORTED');
}

/** What an all-or-nothing run gives back: `work`'s result, and whether its writes were rolled back. */
export interface AtomicRun<Result> {
  readonly result: Result;
  /** A call failed, or `failedOutside` said the work failed: the transaction rolled back and nothing was kept. */
  readonly rolledBack: boolean;
}

/** Runs `work` all or nothing (see runAtomically). */
export type RunAtomically = <Result>(
  cancellation: Cancellation | undefined,
  work: (runCall: RunCall) => Promise<Result>,
  failedOutside?: (result: Result) => boolean,
) => Promise<AtomicRun<Result>>;

const ROLL_BACK = Symbol('roll the atomic transaction back');

/**
 * The one all-or-nothing runner, whatever the protocol: a tRPC batch or GraphQL request array
 * with `Gatepost-Atomic: true`, and `mutation X @atomic { … }`. `work` runs its calls through
 * the `runCall` it is given, which runs them one after another inside one transaction (one
 * connection runs one statement at a time). After the first failure later calls do not run:
 * they report BATCH_ABORTED. The transaction rolls back when a call failed or when
 * `failedOutside(result)` says the work failed another way (a GraphQL operation can fail before
 * any call runs). The request's deadline or its client going away rolls it back (runTransaction).
 * A failed commit (a deferred constraint, a lost connection) throws: no call was kept.
 * Payment holds the calls made are settled once the transaction has ended, whichever way.
 */
export function createRunAtomically(settleDeps: SettleDeps, execute: Execute): RunAtomically {
  const { db } = settleDeps;
  return async function runAtomically<Result>(
    cancellation: Cancellation | undefined,
    work: (runCall: RunCall) => Promise<Result>,
    failedOutside: (result: Result) => boolean = () => false,
  ): Promise<AtomicRun<Result>> {
    let run: AtomicRun<Result> | undefined;
    const authorisations: string[] = [];
    const settleLater = (ids: readonly string[]) => authorisations.push(...ids);
    try {
      await runTransaction(db, cancellation, async (transaction) => {
        let queue: Promise<unknown> = Promise.resolve();
        let failed = false;
        const result = await work(function runCallInTransaction(call) {
          const next = queue.then(async (): Promise<Outcome<unknown>> => {
            if (failed) return { ok: false, error: batchAborted() };
            const outcome = await execute(call, transaction, settleLater);
            if (!outcome.ok) failed = true;
            return outcome;
          });
          queue = next;
          return next;
        });
        run = { result, rolledBack: failed || failedOutside(result) };
        if (run.rolledBack) throw ROLL_BACK;
      });
    } catch (error) {
      if (error !== ROLL_BACK) throw error;
    } finally {
      if (authorisations.length > 0) await settleAuthorisations(authorisations, settleDeps);
    }
    return run as AtomicRun<Result>;
  };
}
