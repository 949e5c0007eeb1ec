// The payment provider, shaped like Stripe's manual-capture PaymentIntent: money is *authorised*
// (held on the card) while the order's transaction runs, *captured* only once the order is
// committed, and the hold is *voided* when it is not. A hold nobody captures or voids is not lost
// money (it expires at the provider, after 7 days at Stripe), but it blocks the buyer's funds
// until then, so the reconciler voids those it finds (see reconcile-payments.ts).

/** A hold on the buyer's card, in integer minor units. */
export interface AuthoriseRequest {
  readonly amountCents: number;
  /** The token the client got from the provider's own form: the server never sees card numbers. */
  readonly token: string;
  /**
   * Forwarded to the provider (Stripe's `Idempotency-Key` header), so a request retried after a
   * lost answer holds the money once.
   */
  readonly idempotencyKey: string;
  /** What the payment is for, as the provider shows it. */
  readonly description: string;
  /**
   * Gatepost's id for what is being paid (the order's id), kept by the provider with the hold
   * (Stripe's `metadata`): how a hold found without its order is told apart from one with.
   */
  readonly reference: string;
}

export type AuthoriseResult =
  { readonly approved: true; readonly authorisationId: string } | { readonly approved: false; readonly reason: string };

export interface CaptureRequest {
  readonly authorisationId: string;
  /** At most the amount authorised (Stripe's `amount_to_capture`). */
  readonly amountCents: number;
  /**
   * Required: a capture is retried after a crash or a lost answer, and only the key makes the
   * retry the same capture at the provider rather than a refused (or second) one.
   */
  readonly idempotencyKey: string;
}

/** `captured: false` is final: the hold is gone (voided or expired) or was for less. */
export type CaptureResult = { readonly captured: true } | { readonly captured: false; readonly reason: string };

export interface VoidRequest {
  readonly authorisationId: string;
  readonly idempotencyKey: string;
}

/** A hold the provider still keeps: authorised, neither captured nor voided nor expired. */
export interface HeldAuthorisation {
  readonly authorisationId: string;
  readonly amountCents: number;
  readonly reference: string;
  readonly createdAt: Date;
}

/**
 * Where orders are paid. Every method throws when the provider cannot answer (an outage), which
 * the pipeline reports as UNAVAILABLE; an answer the provider did give is a result, not a throw.
 */
export interface PaymentProvider {
  /** Holds the amount on the card (Stripe: create and confirm a PaymentIntent with `capture_method: manual`). */
  authorise(request: AuthoriseRequest): Promise<AuthoriseResult>;
  /** Takes the held money (Stripe: `POST /v1/payment_intents/:id/capture`). */
  capture(request: CaptureRequest): Promise<CaptureResult>;
  /** Releases the hold; voiding a voided or expired hold is no error (Stripe: `…/cancel`). */
  void(request: VoidRequest): Promise<void>;
  /** Holds made before `createdBefore`, oldest first: one page of a Stripe-style list. */
  listHeld(request: ListHeldRequest): Promise<readonly HeldAuthorisation[]>;
}

/** Stripe's search `status:'requires_capture' AND created<…`, paged by `starting_after`. */
export interface ListHeldRequest {
  readonly createdBefore: Date;
  readonly limit: number;
  /** The last hold of the previous page. */
  readonly startingAfter?: string;
}

/** What a handler may do with payments: hold money. Capturing and voiding wait for the transaction's end. */
export type PaymentAuthoriser = Pick<PaymentProvider, 'authorise'>;
