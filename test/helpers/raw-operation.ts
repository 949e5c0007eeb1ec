// One operation over one protocol as raw HTTP, with exactly the headers a test gives (plus
// JSON content type): for what a typed client would hide — Idempotency-Key, the replay header,
// status codes, or two requests racing.
import type { GatepostUnderTest } from './start-gatepost';
import type { Protocol } from './protocols';

/** GraphQL documents of the operations these suites send, as a non-TypeScript client writes them. */
export const DOCUMENTS = {
  'contacts.submit': 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id name email message createdAt } }',
  'orders.place':
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status totalCents paymentId createdAt items { productId productName quantity unitPriceCents lineTotalCents } } }',
  'bookings.reserve':
    'mutation($input: ReserveBookingInput!) { reserveBooking(input: $input) { id resourceId from to status createdAt cancelledAt } }',
  'bookings.cancel':
    'mutation($input: CancelBookingInput!) { cancelBooking(input: $input) { id resourceId from to status createdAt cancelledAt } }',
  'auth.login': 'mutation($input: LoginInput!) { login(input: $input) { token expiresAt user { id email displayName } } }',
} as const;

export type RawOperation = keyof typeof DOCUMENTS;

export interface RawAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  /** `{ ok: true, data }` or the error's catalog code (GraphQL `extensions.code`), message and retryable flag. */
  readonly outcome: { ok: true; data: unknown } | { ok: false; code: string; message: string; retryable: boolean };
}

export async function rawOperation(
  gp: GatepostUnderTest,
  protocol: Protocol,
  operation: RawOperation,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const response =
    protocol === 'trpc'
      ? await gp.anonymousFetch(`/trpc/${operation}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(input),
        })
      : await gp.anonymousFetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
          body: JSON.stringify({ query: DOCUMENTS[operation], variables: { input } }),
        });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  return { status: response.status, body, headers: response.headers, outcome: outcomeOf(protocol, body) };
}

export function outcomeOf(protocol: Protocol, body: unknown): RawAnswer['outcome'] {
  if (protocol === 'trpc') {
    const value = body as { result?: { data: unknown }; error?: { message: string; data?: { code?: string; retryable?: boolean } } };
    if (value.result) return { ok: true, data: value.result.data };
    return {
      ok: false,
      code: value.error?.data?.code ?? 'NO_CODE',
      message: value.error?.message ?? '',
      retryable: value.error?.data?.retryable === true,
    };
  }
  const value = body as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string; retryable?: boolean } }[];
  };
  const [first] = value.errors ?? [];
  if (first) {
    return {
      ok: false,
      code: first.extensions?.code ?? 'NO_CODE',
      message: first.message,
      retryable: first.extensions?.retryable === true,
    };
  }
  return { ok: true, data: Object.values(value.data ?? {})[0] };
}

/** The data of a successful answer; fails with the whole answer shown otherwise. */
export function dataOf<T = Record<string, unknown>>(answer: RawAnswer): T {
  if (!answer.outcome.ok) throw new Error(`expected success, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.outcome.data as T;
}

/** The catalog code (GraphQL: `extensions.code`) of a refused answer, or 'OK'. */
export function codeOf(answer: RawAnswer): string {
  return answer.outcome.ok ? 'OK' : answer.outcome.code;
}
