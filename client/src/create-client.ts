import type { AppRouter } from '@gatepost/server';
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import { runAtomicBatch } from './atomic';
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
  /**
   * Runs the mutations made in `build` as one atomic batch — all kept, or none:
   * `const [contact, user] = await client.atomic((c) => [c.contacts.submit.mutate(a), c.users.create.mutate(b)])`.
   * Rejects with AtomicBatchError (each call's error, and which call failed) when one fails.
   */
  atomic<const Calls extends readonly Promise<unknown>[]>(
    build: (trpc: TRPCClient<AppRouter>) => Calls,
  ): Promise<{ -readonly [Index in keyof Calls]: Awaited<Calls[Index]> }>;
}

export function createGatepostClient(options: GatepostClientOptions): GatepostClient {
  const base = options.url.replace(/\/+$/, '');
  const linkOptions = {
    url: `${base}/trpc`,
    headers: () => resolveHeaders(options.headers),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const maxBatchCalls = options.maxBatchCalls ?? 100;
  const link = options.batch === false ? httpLink(linkOptions) : httpBatchLink({ ...linkOptions, maxItems: maxBatchCalls });
  const atomicTrpc = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        ...linkOptions,
        headers: async () => ({ ...(await resolveHeaders(options.headers)), 'gatepost-atomic': 'true' }),
        // Never split: a split batch would be two transactions. runAtomicBatch refuses more first.
        maxItems: Number.POSITIVE_INFINITY,
      }),
    ],
  });
  return {
    atomic: (build) => runAtomicBatch(atomicTrpc, maxBatchCalls, build),
    trpc: createTRPCClient<AppRouter>({ links: [link] }),
    graphql: createGraphQLCaller({
      url: base,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  };
}
