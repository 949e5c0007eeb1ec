import { GatepostError } from '@gatepost/shared';
import type { Execute } from './execute';
import { executeCoalesced } from './execute-coalesced';
import { normalizeError } from './normalize-error';
import type { PipelineDeps } from './pipeline-deps';
import type { Call } from './call';
import type { Outcome } from './types';

export interface BatchOptions {
  /** All calls in one transaction: one fails, none is kept. */
  readonly atomic: boolean;
}

/** Runs the calls of one batch and returns their outcomes in order. Never throws. */
export type ExecuteBatch = (calls: readonly Call[], options: BatchOptions) => Promise<Outcome<unknown>[]>;

const ABORT = Symbol('abort the batch transaction');

/**
 * Batches, independent or atomic. Independent: calls of one mutation whose handler offers a
 * `coalesced` form are coalesced into one statement; the rest run concurrently, each on its own.
 * Atomic: the calls run in order inside one transaction; at the first failure it rolls back,
 * that call reports its own error and every other call BATCH_ABORTED.
 */
export function createExecuteBatch(deps: PipelineDeps, execute: Execute): ExecuteBatch {
  async function independently(calls: readonly Call[]): Promise<Outcome<unknown>[]> {
    const outcomes: Outcome<unknown>[] = new Array(calls.length);
    const groups = new Map<string, number[]>();
    for (const [index, call] of calls.entries()) {
      const group = groups.get(call.operation.name);
      if (group) group.push(index);
      else groups.set(call.operation.name, [index]);
    }
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const group = indexes.map((index) => calls[index] as Call);
        const coalesced = deps.handlers.get(group[0]?.operation.name ?? '')?.coalesced;
        if (coalesced && group.length > 1) {
          const results = await executeCoalesced(group, coalesced, deps, execute);
          results.forEach((outcome, position) => (outcomes[indexes[position] as number] = outcome));
        } else {
          await Promise.all(indexes.map(async (index) => (outcomes[index] = await execute(calls[index] as Call))));
        }
      }),
    );
    return outcomes;
  }

  async function atomically(calls: readonly Call[]): Promise<Outcome<unknown>[]> {
    const outcomes: Outcome<unknown>[] = [];
    let failed: number | undefined;
    try {
      await deps.db.transaction(async (transaction) => {
        for (const call of calls) {
          const outcome = await execute(call, transaction);
          outcomes.push(outcome);
          if (!outcome.ok) {
            failed = outcomes.length - 1;
            throw ABORT;
          }
        }
      });
    } catch (error) {
      // The commit itself failed (a deferred constraint, a lost connection): no call was kept.
      if (error !== ABORT) {
        const cause = normalizeError(error, calls[0]?.scope.requestId ?? '', deps.log);
        return calls.map(() => ({ ok: false, error: cause }));
      }
    }
    if (failed === undefined) return outcomes;
    const aborted: Outcome<unknown> = { ok: false, error: new GatepostError('BATCH_ABORTED') };
    return calls.map((_, index) => (index === failed ? (outcomes[index] as Outcome<unknown>) : aborted));
  }

  return function executeBatch(calls, options) {
    if (calls.length === 0) return Promise.resolve([]);
    return options.atomic ? atomically(calls) : independently(calls);
  };
}
