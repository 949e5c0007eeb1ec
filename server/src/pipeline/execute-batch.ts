import type { Execute } from './execute';
import { executeCoalesced } from './execute-coalesced';
import { normalizeError } from './normalize-error';
import type { PipelineDeps } from './pipeline-deps';
import { batchAborted, type RunAtomically } from './run-atomically';
import type { Call } from './call';
import type { Outcome } from './types';

export interface BatchOptions {
  /** All calls in one transaction: one fails, none is kept. */
  readonly atomic: boolean;
}

/** Runs the calls of one batch and returns their outcomes in order. Never throws. */
export type ExecuteBatch = (calls: readonly Call[], options: BatchOptions) => Promise<Outcome<unknown>[]>;

/**
 * Batches, independent or atomic. Independent: calls of one mutation whose handler offers a
 * `coalesced` form are coalesced into one statement; the rest run concurrently, each on its own.
 * Atomic: the calls run in order through the one all-or-nothing runner (runAtomically); at
 * the first failure it rolls back, that call reports its own error and every other call BATCH_ABORTED.
 */
export function createExecuteBatch(deps: PipelineDeps, execute: Execute, runAtomically: RunAtomically): ExecuteBatch {
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
    try {
      const { result: outcomes, rolledBack } = await runAtomically(calls[0]?.scope.cancellation, async (runCall) => {
        const outcomes: Outcome<unknown>[] = [];
        for (const call of calls) outcomes.push(await runCall(call));
        return outcomes;
      });
      if (!rolledBack) return outcomes;
      // Nothing was kept: the failing call reports its own error, every other call BATCH_ABORTED.
      const failed = outcomes.findIndex((outcome) => !outcome.ok);
      const aborted: Outcome<unknown> = { ok: false, error: batchAborted() };
      return calls.map((_, index) => (index === failed ? (outcomes[index] as Outcome<unknown>) : aborted));
    } catch (error) {
      // The commit itself failed (a deferred constraint, a lost connection): no call was kept.
      const cause = normalizeError(error, calls[0]?.scope.requestId ?? '', deps.log);
      return calls.map(() => ({ ok: false, error: cause }));
    }
  }

  return function executeBatch(calls, options) {
    if (calls.length === 0) return Promise.resolve([]);
    return options.atomic ? atomically(calls) : independently(calls);
  };
}
