import { idempotencyRuleOf, refusal } from '@gatepost/shared';
import { fingerprintOf } from '../../idempotency/fingerprint';
import { batchSlotKey, invalidIdempotencyKey } from '../../idempotency/key-header';
import type { CallState, StepResult } from '../call-state';
import type { Principal } from '../types';

const OK: StepResult = { ok: true };

/**
 * Reads the call's Idempotency-Key against its operation's rule: refuses a missing required key
 * (400 naming the header, as the IETF draft says) or a malformed one, ignores keys where the
 * rule is `none`, and otherwise fixes the key's slot and the call's fingerprint for runHandler.
 */
export function checkIdempotencyKey(state: CallState): StepResult {
  const { operation, scope, position } = state.call;
  const { idempotencyKey } = scope;
  const rule = idempotencyRuleOf(operation);
  if (rule === 'none') return OK;
  if (idempotencyKey === undefined) {
    if (rule === 'optional') return OK;
    return {
      ok: false,
      error: refusal('IDEMPOTENCY_KEY_REQUIRED', [operation.name]),
    };
  }
  const invalid = invalidIdempotencyKey(idempotencyKey);
  if (invalid) return { ok: false, error: invalid };
  state.idempotency = {
    slot: {
      scope: scopeOf(state.principal, scope.clientIp),
      key: position === undefined ? idempotencyKey : batchSlotKey(idempotencyKey, position),
    },
    fingerprint: fingerprintOf(operation.name, state.input),
  };
  return OK;
}

/** Keys belong to whoever sent them: one user's key never replays another's result. */
function scopeOf(principal: Principal | null, clientIp: string | undefined): string {
  return principal ? `principal:${principal.id}` : `address:${clientIp ?? 'unknown'}`;
}
