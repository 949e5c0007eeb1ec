import type { Database } from '@gatepost/db';
import { settleAuthorisations } from '../payments/settle-authorisations';
import { newCallState } from './call-state';
import type { PipelineDeps } from './pipeline-deps';
import { runSteps } from './run-steps';
import { steps } from './steps/index';
import type { Call } from './call';
import type { Outcome } from './types';

/**
 * Runs one call; `outerTransaction` when it is part of an atomic batch, whose runner then settles
 * the call's payment holds after its transaction ends (`settleLater`). Never throws.
 */
export type Execute = (call: Call, outerTransaction?: Database, settleLater?: SettleLater) => Promise<Outcome<unknown>>;

/** Takes the payment holds of a call that ran inside an outer transaction, to settle once it has ended. */
export type SettleLater = (authorisationIds: readonly string[]) => void;

/**
 * How a protocol that meets the calls of one request one at a time (GraphQL resolvers) runs
 * each: directly (`execute`), gathered into one batch (coalescingRunner), or inside the
 * request's one transaction (runAtomically).
 */
export type RunCall = (call: Call) => Promise<Outcome<unknown>>;

/** Builds `execute()`: the one path every call takes, whatever protocol carried it. */
export function createExecute(deps: PipelineDeps): Execute {
  return async function execute(call, outerTransaction, settleLater) {
    const state = newCallState(call, outerTransaction);
    const result = await runSteps(steps, state, deps);
    // Holds are settled before the answer, so an answered order is already captured (or its hold
    // voided) unless the provider is down; the reconciler covers that and crashes.
    if (state.authorisations.length > 0) {
      if (outerTransaction) settleLater?.(state.authorisations);
      else await settleAuthorisations(state.authorisations, deps);
    }
    if (!result.ok) return state.replayed ? { ...result, replayed: true } : result;
    if (state.replayed) return { ok: true, data: state.output, replayed: true };
    return state.effects ? { ok: true, data: state.output, effects: state.effects } : { ok: true, data: state.output };
  };
}
