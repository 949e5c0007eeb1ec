// What each protocol's request looks like on the wire, and what a successful answer looks like.
// Bodies are built once per scenario and sent unchanged: contacts has no unique constraint, so a
// fixed body is a fair load and costs the load generator nothing per request.
import type { ResponseCheck } from './load';

export interface WireRequest {
  readonly path: string;
  readonly body: string;
  readonly check: ResponseCheck;
  /** A new Idempotency-Key per request (the client's default for every mutation). */
  readonly freshIdempotencyKey?: boolean;
}

export interface ContactFields {
  readonly name: string;
  readonly email: string;
  readonly message?: string;
}

export const CONTACT_INPUT: ContactFields = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Hello from the gatepost bench.' };
export const ECHO_INPUT: ContactFields = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** All of Contact's fields, so GraphQL returns what tRPC returns. */
export const CONTACT_SELECTION = '{ id name email message createdAt }';
export const ECHO_SELECTION = '{ name email }';

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function expectStatus(expected: number, status: number): string | null {
  return status === expected ? null : `expected HTTP ${expected}`;
}

/** One tRPC call, no transformer: POST /trpc/<procedure>, body = the input. */
export function trpcCall(procedure: string, input: unknown): WireRequest {
  return {
    path: `/trpc/${procedure}`,
    body: JSON.stringify(input),
    check: (status, body) => expectStatus(200, status) ?? (body.startsWith('{"result":') ? null : 'no tRPC result'),
  };
}

/** A tRPC batch as httpBatchLink sends it: the procedure repeated in the path, inputs keyed by index. */
export function trpcBatch(procedure: string, input: unknown, calls: number): WireRequest {
  const path = `/trpc/${Array.from({ length: calls }, () => procedure).join(',')}?batch=1`;
  const body = JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, index) => [String(index), input])));
  return {
    path,
    body,
    // A batch with a failed call answers 207 (or the error's status), and that item has "error".
    check: (status, text) => {
      const problem = expectStatus(200, status);
      if (problem) return problem;
      const results = countOccurrences(text, '{"result":');
      return results === calls ? null : `${results} of ${calls} batch items succeeded`;
    },
  };
}

/** oRPC's RPC protocol: POST /rpc/<a>/<b>, body `{"json": input}`, answer `{"json": output}`. */
export function orpcCall(procedurePath: string, input: unknown): WireRequest {
  return {
    path: `/rpc/${procedurePath}`,
    body: JSON.stringify({ json: input }),
    check: (status, body) => expectStatus(200, status) ?? (body.startsWith('{"json":') ? null : 'no oRPC payload'),
  };
}

/** A REST create: POST <path> with the input, 201 with the row. */
export function restCreate(path: string, input: unknown): WireRequest {
  return {
    path,
    body: JSON.stringify(input),
    check: (status, body) => expectStatus(201, status) ?? (body.startsWith('{"id":') ? null : 'no created row'),
  };
}

export interface GraphqlMutation {
  readonly field: string;
  readonly inputType: string;
  readonly selection: string;
  readonly input: unknown;
  /** How many aliased copies of the field the one document carries. */
  readonly fields: number;
  /** A key present once per successful field in the answer, to count them. */
  readonly marker: string;
}

/** One GraphQL document, the input passed as a variable (as every real client does). */
export function graphqlMutation(mutation: GraphqlMutation): WireRequest {
  const aliases = Array.from(
    { length: mutation.fields },
    (_, index) => `m${index}: ${mutation.field}(input: $input) ${mutation.selection}`,
  );
  const query = `mutation Bench($input: ${mutation.inputType}!) { ${aliases.join(' ')} }`;
  return {
    path: '/graphql',
    body: JSON.stringify({ query, variables: { input: mutation.input } }),
    // GraphQL answers errors with 200 and an `errors` list: the status alone proves nothing.
    check: (status, body) => {
      const problem = expectStatus(200, status);
      if (problem) return problem;
      if (body.includes('"errors":')) return 'GraphQL errors';
      const found = countOccurrences(body, mutation.marker);
      return found === mutation.fields ? null : `${found} of ${mutation.fields} fields answered`;
    },
  };
}
