import { expect } from 'vitest';
import type { Protocol } from '../helpers/protocols';
import type { RawAnswer } from '../helpers/raw-operation';

/**
 * The answer to a call made while the database was away: UNAVAILABLE, marked retryable, with a
 * Retry-After, so the client's retries with the same key complete the write. tRPC says so with
 * 503; GraphQL with a field error on 200, as graphql-response+json answers a result with data
 * (GraphQL over HTTP §6.4.2), the same rule every other refusal over GraphQL follows here.
 */
export function expectUnavailable(answer: RawAnswer, protocol: Protocol): void {
  expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({ ok: false, code: 'UNAVAILABLE', retryable: true });
  expect(answer.status).toBe(protocol === 'trpc' ? 503 : 200);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}
