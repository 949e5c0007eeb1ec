import type { AppRouter } from '@gatepost/server';
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import { createGraphQLCaller, type GraphQLCaller } from './graphql-caller';
import { resolveHeaders, type HeadersOption } from './headers';

export interface GatepostClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Sent with every request; a function is called before each one. */
  readonly headers?: HeadersOption;
  /** Group calls made in the same tick into one tRPC batch request. @default true */
  readonly batch?: boolean;
  /** Most calls per batch request; keep it at or below the server's MAX_BATCH_CALLS. @default 100 */
  readonly maxBatchCalls?: number;
  /** A fetch implementation (tests, older runtimes). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface GatepostClient {
  /** The typed tRPC proxy: `await client.trpc.contacts.submit.mutate({ … })`. */
  readonly trpc: TRPCClient<AppRouter>;
  /** Typed GraphQL calls built from the same contract: `await client.graphql.mutate('contacts.submit', { … })`. */
  readonly graphql: GraphQLCaller;
}

export function createGatepostClient(options: GatepostClientOptions): GatepostClient {
  const base = options.url.replace(/\/+$/, '');
  const linkOptions = {
    url: `${base}/trpc`,
    headers: () => resolveHeaders(options.headers),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const link = options.batch === false ? httpLink(linkOptions) : httpBatchLink({ ...linkOptions, maxItems: options.maxBatchCalls ?? 100 });
  return {
    trpc: createTRPCClient<AppRouter>({ links: [link] }),
    graphql: createGraphQLCaller({
      url: base,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  };
}
