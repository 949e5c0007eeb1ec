// The one raw-call helper: any contract operation as raw HTTP, the way the typed client sends it —
// tRPC (`httpLink` / `httpBatchLink`) and GraphQL (the client's own generated document, with the
// input as variables) — for what a typed client hides: status codes, headers, racing requests.
import { documentFor } from '@gatepost/client/graphql-document';
import { contract, listOperations, type AnyOperation } from '@gatepost/shared';
import type { Protocol } from './protocols';
import type { GatepostUnderTest } from './start-gatepost';

const OPERATIONS = new Map(listOperations(contract).map((operation) => [operation.name, operation]));

/** The contract's operation of that name (`contacts.submit`); a misspelt name fails the test at once. */
export function operationNamed(name: string): AnyOperation {
  const operation = OPERATIONS.get(name);
  if (!operation) throw new Error(`the contract has no operation named ${name}`);
  return operation;
}

type Headers = Record<string, string>;

const GRAPHQL_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' } as const;

/** An operation with no input fields takes no GraphQL arguments at all (`logout`). */
function graphqlParams(operation: AnyOperation, input: unknown) {
  const takesInput = Object.keys(operation.input.shape).length > 0;
  if (operation.kind === 'query') return { query: documentFor(operation), variables: input };
  return { query: documentFor(operation), ...(takesInput ? { variables: { input } } : {}) };
}

export interface CallOptions {
  readonly headers?: Headers;
  /** Send no credentials at all. @default false: the operator's, unless `headers` has its own */
  readonly anonymous?: boolean;
}

/** One call of one operation. */
export function sendCall(
  gp: GatepostUnderTest,
  protocol: Protocol,
  operation: AnyOperation,
  input: unknown,
  { headers = {}, anonymous = false }: CallOptions = {},
): Promise<Response> {
  const fetch = anonymous ? gp.anonymousFetch : gp.fetch;
  if (protocol === 'graphql') {
    return fetch('/graphql', {
      method: 'POST',
      headers: { ...GRAPHQL_HEADERS, ...headers },
      body: JSON.stringify(graphqlParams(operation, input)),
    });
  }
  if (operation.kind === 'query') {
    return fetch(`/trpc/${operation.name}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  }
  return fetch(`/trpc/${operation.name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

/** Several calls of one mutation in one request: a tRPC batch, or a GraphQL request array. */
export function sendBatch(
  gp: GatepostUnderTest,
  protocol: Protocol,
  operation: AnyOperation,
  inputs: readonly unknown[],
): Promise<Response> {
  if (protocol === 'graphql') {
    return gp.fetch('/graphql', {
      method: 'POST',
      headers: GRAPHQL_HEADERS,
      body: JSON.stringify(inputs.map((input) => graphqlParams(operation, input))),
    });
  }
  return gp.fetch(`/trpc/${inputs.map(() => operation.name).join(',')}?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(Object.fromEntries(inputs.map((input, index) => [index, input]))),
  });
}

/** The data of a successful single answer over either protocol (its first GraphQL field). */
export async function responseData(response: Response): Promise<unknown> {
  const body = (await response.json()) as { result?: { data: unknown }; data?: Record<string, unknown> | null };
  const data = body.result ? body.result.data : Object.values(body.data ?? {})[0];
  if (data === undefined || data === null) throw new Error(`expected success, got ${response.status} ${JSON.stringify(body)}`);
  return data;
}
