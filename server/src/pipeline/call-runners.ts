import { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Execute } from './execute';
import type { ExecuteBatch } from './execute-batch';
import type { Call } from './call';
import type { Outcome } from './types';

/**
 * How a protocol runs the calls of one request when it meets them one at a time (GraphQL
 * resolvers): directly, gathered into one batch, or inside one transaction.
 */
export type RunCall = (call: Call) => Promise<Outcome<unknown>>;

/**
 * Gathers the calls made while the current macrotask runs (every resolver of a GraphQL request
 * array starts before any I/O completes) and runs them as one independent batch, so calls of
 * one mutation are coalesced like a tRPC batch's. Serial calls simply form batches of one.
 */
export function coalescingRunner(executeBatch: ExecuteBatch): RunCall {
  let pending: { call: Call; resolve: (outcome: Outcome<unknown>) => void }[] = [];
  function flush() {
    const batch = pending;
    pending = [];
    void executeBatch(
      batch.map((entry) => entry.call),
      { atomic: false },
    ).then((outcomes) => batch.forEach((entry, index) => entry.resolve(outcomes[index] as Outcome<unknown>)));
  }
  return function runCoalesced(call) {
    return new Promise((resolve) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ call, resolve });
    });
  };
}

export interface AtomicRunner {
  readonly runCall: RunCall;
  /** Whether a call failed; the owner of the transaction then rolls it back. */
  failed(): boolean;
}

const aborted = (): Outcome<unknown> => ({ ok: false, error: new GatepostError('BATCH_ABORTED') });

/**
 * Runs calls one after another inside the given transaction (one connection runs one
 * statement at a time). After the first failure, later calls are not run: they report
 * BATCH_ABORTED, and the owner rolls the transaction back.
 */
export function atomicRunner(execute: Execute, transaction: Database): AtomicRunner {
  let queue: Promise<unknown> = Promise.resolve();
  let failure = false;
  return {
    failed: () => failure,
    runCall(call) {
      const run = queue.then(async () => {
        if (failure) return aborted();
        const outcome = await execute(call, transaction);
        if (!outcome.ok) failure = true;
        return outcome;
      });
      queue = run;
      return run;
    },
  };
}
