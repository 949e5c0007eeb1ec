import { resolvePrincipal } from '../../auth/resolve-principal';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

/**
 * Resolves who is calling (session token or cookie, API key, operator key), once per request:
 * the lookup is kept on the request's scope, which every call of a batch shares.
 */
export async function identify(state: CallState, deps: PipelineDeps): Promise<StepResult> {
  const { scope } = state.call;
  scope.principal ??= resolvePrincipal(scope.credentials, { db: deps.db, operatorKeyDigest: deps.operatorKeyDigest });
  const outcome = await scope.principal;
  if (!outcome.ok) return outcome;
  state.principal = outcome.principal;
  return { ok: true };
}
