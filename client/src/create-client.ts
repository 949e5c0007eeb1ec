import type { AppRouter } from '@gatepost/server';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import { runAtomicBatch } from './atomic';
import { formDataInputLink, hasFiles } from './file-inputs';
import { createGraphQLCaller, type GraphQLCaller } from './graphql-caller';
import { resolveHeaders, type HeadersOption } from './headers';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOptionOf, newIdempotencyKey } from './idempotency';
import { retryingFetch, type RetryOptions } from './retrying-fetch';

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
  /**
   * Retries of requests that carry an Idempotency-Key (every mutation, unless a call opts
   * out): after network errors, 429, 503 and "same key still running" 409s, with backoff and
   * jitter, honouring Retry-After, always with the same key. `false`: never retry. @default {}
   */
  readonly retry?: RetryOptions | false;
}

export interface GatepostClient {
  /**
   * The typed tRPC proxy: `await client.trpc.contacts.submit.mutate({ … })`. Every mutation
   * request carries a fresh Idempotency-Key; `mutate(input, { context: { idempotencyKey: 'k' } })`
   * sends your own (reuse it to retry the same thing later), `{ idempotencyKey: false }` none.
   */
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
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetchImpl = options.retry === false ? baseFetch : retryingFetch(baseFetch, options.retry);
  const url = `${base}/trpc`;
  const headers = () => resolveHeaders(options.headers);
  const withKey = async (key: string) => ({ ...(await headers()), [IDEMPOTENCY_KEY_HEADER]: key });
  const maxBatchCalls = options.maxBatchCalls ?? 100;

  // A fresh key per HTTP request: the server stores each call of a batch under the key and its position, so a retried batch replays each.
  const freshKeyed: TRPCLink<AppRouter> =
    options.batch === false
      ? httpLink({ url, fetch: fetchImpl, headers: () => withKey(newIdempotencyKey()) })
      : httpBatchLink({ url, fetch: fetchImpl, maxItems: maxBatchCalls, headers: () => withKey(newIdempotencyKey()) });
  // A key of the caller's own is that call's alone, so the call travels alone.
  const ownKeyed = httpLink<AppRouter>({
    url,
    fetch: fetchImpl,
    headers: ({ op }) => withKey(String(idempotencyKeyOptionOf(op.context))),
  });
  const unkeyed: TRPCLink<AppRouter> =
    options.batch === false
      ? httpLink({ url, fetch: fetchImpl, headers })
      : httpBatchLink({ url, fetch: fetchImpl, maxItems: maxBatchCalls, headers });

  // A call with a file travels alone, as FormData (httpLink), with its own key or a fresh one.
  const withFiles: TRPCLink<AppRouter>[] = [
    formDataInputLink<AppRouter>(),
    httpLink<AppRouter>({
      url,
      fetch: fetchImpl,
      headers: ({ op }) => {
        const key = idempotencyKeyOptionOf(op.context);
        return key === false ? headers() : withKey(typeof key === 'string' ? key : newIdempotencyKey());
      },
    }),
  ];

  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'mutation' && hasFiles(op.input),
        true: withFiles,
        false: splitLink({
          condition: (op) => op.type === 'mutation' && idempotencyKeyOptionOf(op.context) !== false,
          true: splitLink({ condition: (op) => typeof idempotencyKeyOptionOf(op.context) === 'string', true: ownKeyed, false: freshKeyed }),
          false: unkeyed,
        }),
      }),
    ],
  });
  const atomicTrpc = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        fetch: fetchImpl,
        headers: async () => ({ ...(await withKey(newIdempotencyKey())), 'gatepost-atomic': 'true' }),
        // Never split: a split batch would be two transactions. runAtomicBatch refuses more first.
        maxItems: Number.POSITIVE_INFINITY,
      }),
    ],
  });
  return {
    atomic: (build) => runAtomicBatch(atomicTrpc, maxBatchCalls, build),
    trpc,
    graphql: createGraphQLCaller({ url: base, fetch: fetchImpl, ...(options.headers ? { headers: options.headers } : {}) }),
  };
}
