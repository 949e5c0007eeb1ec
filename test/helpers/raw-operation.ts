// One operation over one protocol as raw HTTP (sent by raw-call.ts), its answer reduced to what
// both protocols share: for what a typed client would hide — Idempotency-Key, the replay header,
// status codes, or two requests racing.
import type { Protocol } from './protocols';
import { operationNamed, sendCall } from './raw-call';
import type { GatepostUnderTest } from './start-gatepost';

/** A contract operation's name, e.g. `orders.place`. */
export type RawOperation = string;

export interface RawAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  /** `{ ok: true, data }` or the error's catalog code (GraphQL `extensions.code`), message and retryable flag. */
  readonly outcome: { ok: true; data: unknown } | { ok: false; code: string; message: string; retryable: boolean };
}

/** One operation over one protocol with exactly the headers given (no credentials are added). */
export async function rawOperation(
  gp: GatepostUnderTest,
  protocol: Protocol,
  operation: RawOperation,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const response = await sendCall(gp, protocol, operationNamed(operation), input, { headers, anonymous: true });
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
