// Raw REST requests and RFC 9457 problem assertions, for the suites under test/rest.
import { expect } from 'vitest';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A request with exactly the headers given (no credentials are added); `body` is sent as JSON. */
export async function sendRest(
  gp: GatepostUnderTest,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<RestAnswer> {
  const response = await gp.anonymousFetch(path, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** RFC 9457 problem details with the catalog's code. */
export function expectProblem(answer: RestAnswer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({
    type: `urn:gatepost:error:${code}`,
    status,
    code,
    detail: expect.any(String),
    title: expect.any(String),
  });
  expect(answer.body.instance).toMatch(/^urn:gatepost:request:/);
}
