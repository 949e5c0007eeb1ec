import { GatepostError } from '@gatepost/shared';
import type { Principal } from '../pipeline/index';

/** Operations on "your" things (account, orders, bookings) need a user, which the operator key is not. */
export function signedInUser(principal: Principal | null, action: string): Principal {
  if (!principal || principal.via === 'operator-key') {
    throw new GatepostError('FORBIDDEN', `The operator key belongs to no user; sign in as a user to ${action}.`);
  }
  return principal;
}
