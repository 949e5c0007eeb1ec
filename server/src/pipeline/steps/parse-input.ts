import { GatepostError, describeIssues } from '@gatepost/shared';
import { validate } from '../validate';
import type { CallState, StepResult } from '../call-state';

/** Validates the raw input with the contract's zod schema; the handler only ever sees parsed input. */
export function parseInput(state: CallState): StepResult {
  const validation = validate(state.call.operation.input, state.call.input ?? {});
  if (validation.ok) {
    state.input = validation.data;
    return { ok: true };
  }
  const { issues } = validation;
  return { ok: false, error: new GatepostError('VALIDATION_FAILED', describeIssues(issues), { issues }) };
}
