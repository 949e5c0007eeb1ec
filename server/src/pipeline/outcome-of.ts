import { isGatepostError } from '@gatepost/shared';
import { normalizeError } from './normalize-error';
import type { CallState, PipelineDeps } from './step';
import type { Outcome } from './types';

/** One entry of a `many` handler's answer as the call's outcome: its error, or its output parsed by the contract. */
export function outcomeOf(result: unknown, state: CallState, deps: PipelineDeps): Outcome<unknown> {
  if (isGatepostError(result)) return { ok: false, error: result };
  try {
    return { ok: true, data: state.call.operation.output.parse(result) };
  } catch (error) {
    return { ok: false, error: normalizeError(error, state.call.requestId, deps.log) };
  }
}
