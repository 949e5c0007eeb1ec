import { GatepostError } from '@gatepost/shared';
import type { StepResult, CallState } from '../call-state';

const OK: StepResult = { ok: true };

/** Enforces the contract's `auth` level before any input is read: 401 without a principal, 403 without the role. */
export function authorize(state: CallState): StepResult {
  const required = state.call.operation.auth;
  if (required === 'public') return OK;
  const principal = state.principal;
  if (!principal) return { ok: false, error: new GatepostError('UNAUTHENTICATED') };
  if (required === 'admin' && principal.role !== 'admin') return { ok: false, error: new GatepostError('FORBIDDEN') };
  return OK;
}
