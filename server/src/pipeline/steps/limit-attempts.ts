import { refusal } from '@gatepost/shared';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

const OK: StepResult = { ok: true };
const MINUTE_MS = 60_000;

/**
 * Limits attempts at operations the contract marks `rateLimit` (sign-in), per client address
 * and the named input field, counted after validation so the key is a real email. Refused
 * attempts answer 429 with Retry-After and never reach the handler (no password check runs).
 */
export async function limitAttempts(state: CallState, deps: PipelineDeps): Promise<StepResult> {
  const rule = state.call.operation.rateLimit;
  if (!rule) return OK;
  const subject = String((state.input as Record<string, unknown>)[rule.by] ?? '').toLowerCase();
  const key = `${state.call.operation.name}:${state.call.scope.clientIp ?? 'unknown'}:${subject}`;
  const hit = await deps.attempts.counter.hit(key, deps.attempts.perMinute, MINUTE_MS);
  if (hit.allowed) return OK;
  return {
    ok: false,
    error: refusal('TOO_MANY_ATTEMPTS', [hit.retryAfterSeconds], { retryAfterSeconds: hit.retryAfterSeconds }),
  };
}
