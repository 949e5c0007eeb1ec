/** One charge, in integer minor units. */
export interface ChargeRequest {
  readonly amountCents: number;
  /** The token the client got from the provider's own form: the server never sees card numbers. */
  readonly token: string;
  /**
   * Forwarded to the provider (Stripe takes one too), so a charge retried after a lost answer
   * is one charge at the provider as well.
   */
  readonly idempotencyKey: string | undefined;
  /** What the charge is for, as the provider shows it. */
  readonly description: string;
}

export type ChargeResult = { readonly approved: true; readonly chargeId: string } | { readonly approved: false; readonly reason: string };

/**
 * Where orders are charged. `charge` answers approved or declined; it throws when the provider
 * cannot answer (an outage), which the pipeline reports as UNAVAILABLE and rolls back.
 */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
