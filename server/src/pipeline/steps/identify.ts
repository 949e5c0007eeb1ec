import type { Credentials } from '../../auth/credentials';
import { resolvePrincipal, type PrincipalResult } from '../../auth/resolve-principal';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

/** One lookup per request: every call of a batch shares its request's credentials object. */
const resolved = new WeakMap<Credentials, Promise<PrincipalResult>>();

/** Resolves who is calling (session token or cookie, API key, operator key), once per request. */
export async function identify(state: CallState, deps: PipelineDeps): Promise<StepResult> {
  const { credentials } = state.call;
  let result = resolved.get(credentials);
  if (!result) {
    result = resolvePrincipal(credentials, { db: deps.db, operatorKeyDigest: deps.operatorKeyDigest });
    resolved.set(credentials, result);
  }
  const outcome = await result;
  if (!outcome.ok) return outcome;
  state.principal = outcome.principal;
  return { ok: true };
}
