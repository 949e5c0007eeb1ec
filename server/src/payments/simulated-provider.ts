import { randomUUID } from 'node:crypto';
import { GatepostError } from '@gatepost/shared';
import type { AuthoriseRequest, AuthoriseResult, CaptureResult, HeldAuthorisation, PaymentProvider } from './provider';

/** Tokens the simulated provider understands, as a real provider's test mode has. */
export const SIMULATED_TOKENS = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  outage: 'tok_error',
} as const;

/** Stripe cancels a PaymentIntent left uncaptured for 7 days. */
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/** A hold as the provider keeps it: a Stripe PaymentIntent with `capture_method: manual`. */
export interface SimulatedAuthorisation extends AuthoriseRequest {
  readonly authorisationId: string;
  readonly createdAt: Date;
  /** `held` is Stripe's `requires_capture`, `captured` its `succeeded`, `voided` its `canceled`. */
  readonly status: 'held' | 'captured' | 'voided';
}

/** Money that moved: one per hold captured, however often the capture was asked for. */
export interface SimulatedCapture {
  readonly authorisationId: string;
  readonly amountCents: number;
  readonly idempotencyKey: string;
}

/** The built-in provider, for the demo and tests. It keeps its holds and captures in memory. */
export interface SimulatedPaymentProvider extends PaymentProvider {
  readonly authorisations: readonly SimulatedAuthorisation[];
  readonly captures: readonly SimulatedCapture[];
}

export interface SimulatedProviderOptions {
  /** How long an uncaptured hold lasts before the provider voids it itself. @default 7 days, as Stripe */
  readonly holdForMs?: number;
}

/**
 * `tok_approve` approves, `tok_decline` declines, `tok_error` fails like a provider outage; any
 * other token is declined as unknown. Requests carrying an idempotency key the provider has seen
 * get the first answer again, as Stripe replays them: so a capture retried after a crash is the
 * same capture, while capturing an already captured hold under another key is refused (Stripe's
 * `payment_intent_unexpected_state`).
 */
export function createSimulatedPaymentProvider(options: SimulatedProviderOptions = {}): SimulatedPaymentProvider {
  const holdForMs = options.holdForMs ?? SEVEN_DAYS_MS;
  const authorisations: (SimulatedAuthorisation & { status: SimulatedAuthorisation['status'] })[] = [];
  const captures: SimulatedCapture[] = [];
  const answered = new Map<string, AuthoriseResult | CaptureResult>();

  function find(authorisationId: string) {
    const authorisation = authorisations.find((candidate) => candidate.authorisationId === authorisationId);
    // An uncaptured hold past its time is voided by the provider on its own, whoever looks.
    if (authorisation?.status === 'held' && Date.now() - authorisation.createdAt.getTime() >= holdForMs) authorisation.status = 'voided';
    return authorisation;
  }

  function once<Result extends AuthoriseResult | CaptureResult>(key: string, answer: () => Result): Result {
    const previous = answered.get(key);
    if (previous) return previous as Result;
    const result = answer();
    answered.set(key, result);
    return result;
  }

  return {
    authorisations,
    captures,
    async authorise(request) {
      if (request.token === SIMULATED_TOKENS.outage) {
        throw new GatepostError('UNAVAILABLE', 'The payment provider is not answering; nothing was charged. Try again shortly.', {
          retryAfterSeconds: 1,
        });
      }
      return once(`authorise/${request.idempotencyKey}`, (): AuthoriseResult => {
        if (request.token === SIMULATED_TOKENS.decline) return { approved: false, reason: 'The card was declined by its issuer.' };
        if (request.token !== SIMULATED_TOKENS.approve) return { approved: false, reason: 'The payment token is not recognised.' };
        const authorisationId = `pi_${randomUUID().replaceAll('-', '')}`;
        authorisations.push({ ...request, authorisationId, createdAt: new Date(), status: 'held' });
        return { approved: true, authorisationId };
      });
    },
    async capture(request) {
      return once(`capture/${request.idempotencyKey}`, (): CaptureResult => {
        const authorisation = find(request.authorisationId);
        if (!authorisation) return { captured: false, reason: 'No such authorisation.' };
        if (authorisation.status !== 'held') return { captured: false, reason: `The authorisation is already ${authorisation.status}.` };
        if (request.amountCents > authorisation.amountCents) return { captured: false, reason: 'More than was authorised.' };
        authorisation.status = 'captured';
        captures.push({
          authorisationId: request.authorisationId,
          amountCents: request.amountCents,
          idempotencyKey: request.idempotencyKey,
        });
        return { captured: true };
      });
    },
    async void(request) {
      const authorisation = find(request.authorisationId);
      if (!authorisation) throw new Error(`No such authorisation: ${request.authorisationId}`);
      if (authorisation.status === 'captured') throw new Error(`A captured payment cannot be voided: ${request.authorisationId}`);
      authorisation.status = 'voided';
    },
    async listHeld({ createdBefore, limit, startingAfter }) {
      const held: HeldAuthorisation[] = [];
      const start = startingAfter ? authorisations.findIndex((candidate) => candidate.authorisationId === startingAfter) + 1 : 0;
      for (const { authorisationId } of authorisations.slice(start)) {
        const authorisation = find(authorisationId);
        if (authorisation?.status !== 'held' || authorisation.createdAt >= createdBefore) continue;
        held.push({
          authorisationId,
          amountCents: authorisation.amountCents,
          reference: authorisation.reference,
          createdAt: authorisation.createdAt,
        });
        if (held.length === limit) break;
      }
      return held;
    },
  };
}
