import { tables, type Database } from '@gatepost/db';
import type { CallState } from './call-state';
import type { PipelineDeps } from './pipeline-deps';
import type { HandlerContext } from './types';

/** What a handler sees of its call (see HandlerContext): `db` is the call's transaction, or the database. */
export function contextFor(state: CallState, db: Database, deps: PipelineDeps): HandlerContext {
  const { call } = state;
  let log: HandlerContext['log'] | undefined;
  return {
    db,
    principal: state.principal,
    requestId: call.scope.requestId,
    settings: deps.settings,
    sessionCookie: {
      set(token, expiresAt) {
        state.effects = { ...state.effects, sessionCookie: { token, expiresAt } };
      },
      clear() {
        state.effects = { ...state.effects, sessionCookie: 'clear' };
      },
    },
    async emit(type, payload) {
      await db.insert(tables.outboxEvents).values({ type, payload });
    },
    // A hold is not rolled back with the transaction: it is voided after it (settleAuthorisations).
    // Once one is asked for, a collision is answered rather than run again (see retryingCollisions):
    // a second attempt would hold the buyer's money twice until the first hold is voided, and the
    // first hold, still counted against the card's limit, could get the second one declined.
    payments: {
      async authorise(request) {
        state.reachedOutside = true;
        const result = await deps.payments.authorise(request);
        if (result.approved) state.authorisations.push(result.authorisationId);
        return result;
      },
    },
    idempotencyKey: state.idempotency ? `${state.idempotency.slot.scope}/${state.idempotency.slot.key}` : undefined,
    // A child logger per call costs an allocation most handlers never use; make it on first use.
    get log() {
      log ??= deps.log.child({ requestId: call.scope.requestId, operation: call.operation.name });
      return log;
    },
  };
}
