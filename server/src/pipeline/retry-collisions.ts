import { isWriteCollision } from '@gatepost/db';
import type { CallState } from './call-state';

/** How many times a call's transaction runs again after a collision before WRITE_COLLIDED is answered. */
const COLLISION_RETRIES = 3;

/**
 * Runs `attempt` (one whole transaction, or one statement) again when PostgreSQL rolled it back
 * for a serialization failure or a deadlock, so the caller gets the real answer (booked, or a
 * CONFLICT) instead of a 503 for a race it could not see. Only while the handler has reached
 * nothing outside the database: a payment taken in a rolled-back attempt must not be taken twice.
 * The short random pause lets the transaction that won commit first.
 */
export async function retryingCollisions<Result>(state: CallState, attempt: () => Promise<Result>): Promise<Result> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= COLLISION_RETRIES || state.reachedOutside || !isWriteCollision(error)) throw error;
      await pause(Math.random() * 10 * 2 ** retry);
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
