import { graphqlMultipartBody, hasFiles } from './file-inputs';
import { contract, graphqlFieldName, listOperations, type AnyOperation, type Contract } from '@gatepost/shared';
import type { z } from 'zod';
import { clientErrorFromGraphQL, GatepostClientError } from './client-error';
import { documentFor } from './graphql-document';
import type { HeadersOption } from './headers';
import { resolveHeaders } from './headers';
import { IDEMPOTENCY_KEY_HEADER, newIdempotencyKey } from './idempotency';

type OperationOf<Name extends string> = {
  [Domain in keyof Contract]: {
    [Verb in keyof Contract[Domain]]: Contract[Domain][Verb] extends { name: Name } ? Contract[Domain][Verb] : never;
  }[keyof Contract[Domain]];
}[keyof Contract];

type OperationName<Kind> = {
  [Domain in keyof Contract]: {
    [Verb in keyof Contract[Domain]]: Contract[Domain][Verb] extends { kind: Kind; name: infer Name } ? Name : never;
  }[keyof Contract[Domain]];
}[keyof Contract];

export type MutationName = OperationName<'mutation'>;
export type QueryName = OperationName<'query'>;
export type InputOf<Name extends string> = z.input<OperationOf<Name>['input']>;
export type OutputOf<Name extends string> = z.output<OperationOf<Name>['output']>;

export interface GraphQLResponse<TData> {
  readonly data?: TData | null;
  readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GraphQLCallOptions {
  /**
   * Your own Idempotency-Key (reuse it to retry the same thing later), or `false` to send none
   * (the call is then never retried). @default a fresh key for every mutation; none for `request`
   */
  readonly idempotencyKey?: string | false;
}

export interface GraphQLCaller {
  /** Runs a contract mutation over GraphQL, typed from the contract. Throws GatepostClientError on failure. */
  mutate<Name extends MutationName>(name: Name, input: InputOf<Name>, options?: GraphQLCallOptions): Promise<OutputOf<Name>>;
  /** Runs a contract query over GraphQL, typed from the contract. */
  query<Name extends QueryName>(name: Name, input: InputOf<Name>): Promise<OutputOf<Name>>;
  /** Sends any document; returns the raw GraphQL response (errors included) for callers that want it whole. */
  request<TData = unknown>(
    document: string,
    variables?: Record<string, unknown>,
    options?: GraphQLCallOptions,
  ): Promise<{ status: number; body: GraphQLResponse<TData> }>;
}

export function createGraphQLCaller(options: { url: string; headers?: HeadersOption; fetch?: typeof fetch }): GraphQLCaller {
  const doFetch = options.fetch ?? globalThis.fetch;
  const operations = new Map<string, AnyOperation>(listOperations(contract).map((operation) => [operation.name, operation]));
  const documents = new Map<string, string>();

  async function request<TData>(document: string, variables?: Record<string, unknown>, callOptions: GraphQLCallOptions = {}) {
    const key = callOptions.idempotencyKey;
    // Files go by the GraphQL multipart request spec; fetch sets the multipart content type and boundary.
    const multipart = hasFiles(variables);
    const response = await doFetch(`${options.url}/graphql`, {
      method: 'POST',
      headers: {
        ...(multipart ? {} : { 'content-type': 'application/json' }),
        accept: 'application/graphql-response+json',
        ...(await resolveHeaders(options.headers)),
        ...(typeof key === 'string' ? { [IDEMPOTENCY_KEY_HEADER]: key } : {}),
      },
      body: multipart ? graphqlMultipartBody(document, variables) : JSON.stringify({ query: document, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<TData>;
    return { status: response.status, body };
  }

  async function call(name: string, input: unknown, callOptions: GraphQLCallOptions = {}): Promise<never> {
    const operation = operations.get(name);
    if (!operation) throw new GatepostClientError(`Unknown operation ${name}`, 'NOT_FOUND', 404);
    let document = documents.get(name);
    if (!document) documents.set(name, (document = documentFor(operation)));
    const variables = operation.kind === 'mutation' ? { input } : (input as Record<string, unknown>);
    const key =
      operation.kind === 'mutation' && callOptions.idempotencyKey !== false ? (callOptions.idempotencyKey ?? newIdempotencyKey()) : false;
    const { status, body } = await request<Record<string, unknown>>(document, variables, { idempotencyKey: key });
    const [first] = body.errors ?? [];
    if (first) throw clientErrorFromGraphQL(first, status);
    return body.data?.[graphqlFieldName(operation)] as never;
  }

  return {
    mutate: (name, input, callOptions) => call(name, input, callOptions),
    query: (name, input) => call(name, input),
    request,
  };
}
