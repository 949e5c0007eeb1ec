import { randomUUID } from 'node:crypto';
import { GatepostError } from '@gatepost/shared';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './provider';

/** Tokens the simulated provider understands, as a real provider's test mode has. */
export const SIMULATED_TOKENS = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  outage: 'tok_error',
} as const;

export interface SimulatedCharge extends ChargeRequest {
  readonly chargeId: string;
}

/** The built-in provider, for the demo and tests. It keeps the charges it approved, in memory. */
export interface SimulatedPaymentProvider extends PaymentProvider {
  readonly charges: readonly SimulatedCharge[];
}

/**
 * `tok_approve` approves, `tok_decline` declines, `tok_error` fails like a provider outage;
 * any other token is declined as unknown. Every approved charge is kept, so tests can count
 * charges the way one would read a real provider's dashboard.
 */
export function createSimulatedPaymentProvider(): SimulatedPaymentProvider {
  const charges: SimulatedCharge[] = [];
  return {
    charges,
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      if (request.token === SIMULATED_TOKENS.outage) {
        throw new GatepostError('UNAVAILABLE', 'The payment provider is not answering; nothing was charged. Try again shortly.', {
          retryAfterSeconds: 1,
        });
      }
      if (request.token === SIMULATED_TOKENS.decline) return { approved: false, reason: 'The card was declined by its issuer.' };
      if (request.token !== SIMULATED_TOKENS.approve) return { approved: false, reason: 'The payment token is not recognised.' };
      const chargeId = `ch_${randomUUID().replaceAll('-', '')}`;
      charges.push({ ...request, chargeId });
      return { approved: true, chargeId };
    },
  };
}
