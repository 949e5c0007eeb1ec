// A bounded, keyed write load: signed-in users placing orders one after another through the real
// @gatepost/client (tRPC for half of them, GraphQL for the rest). Each order has its own
// Idempotency-Key, and a writer sends that very key again — the client's own retries first, then
// the writer's — until the order is answered, as an application that must not lose a purchase
// would. What was acknowledged, and every answer that said "not now", is counted.
import { randomUUID } from 'node:crypto';
import { createGatepostClient, GatepostClientError, TRPCClientError, type GatepostClient } from '@gatepost/client';

/** A writer gives an order up (and the test fails) if it is not answered within this long. */
const GIVE_UP_AFTER_MS = 60_000;
const RETRY = { attempts: 40, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 } as const;

export interface Acknowledged {
  readonly key: string;
  readonly orderId: string;
  readonly userId: string;
}

export interface LoadCounts {
  readonly acknowledged: Acknowledged[];
  /** Orders refused for good (not retryable): none is expected. */
  readonly refused: string[];
  /** Orders still unanswered when the writer gave up. */
  unfinished: number;
  /** HTTP answers by status ≥ 500 (GraphQL's UNAVAILABLE on 200 counted as its 503). */
  readonly serverErrors: Record<number, number>;
  /** Requests that never got an answer (connection refused or reset). */
  networkErrors: number;
}

export interface Writer {
  readonly userId: string;
  readonly token: string;
  readonly protocol: 'trpc' | 'graphql';
}

/** Registers and signs in `count` users against `url`. */
export async function signUpWriters(url: string, count: number): Promise<Writer[]> {
  const anonymous = createGatepostClient({ url });
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const email = `writer-${index}-${randomUUID().slice(0, 8)}@example.com`;
      const password = 'a-long-enough-password';
      await anonymous.trpc.auth.register.mutate({ email, password, displayName: `Writer ${index}` });
      const session = await anonymous.trpc.auth.login.mutate({ email, password });
      return { userId: session.user.id, token: session.token, protocol: index % 2 === 0 ? 'trpc' : 'graphql' } as const;
    }),
  );
}

export interface RunningLoad {
  readonly counts: LoadCounts;
  /** Lets every writer finish the order it is on (retrying as long as it takes), then resolves. */
  stop(): Promise<LoadCounts>;
}

/** Starts every writer placing orders of `productId` at `url`, until `stop()`. */
export function startOrderLoad(url: string, writers: readonly Writer[], productId: string): RunningLoad {
  const counts: LoadCounts = { acknowledged: [], refused: [], unfinished: 0, serverErrors: {}, networkErrors: 0 };
  let stopping = false;

  const countingFetch: typeof fetch = async (input, init) => {
    try {
      const response = await fetch(input, init);
      const status = response.status === 200 && response.headers.has('retry-after') ? 503 : response.status;
      if (status >= 500) counts.serverErrors[status] = (counts.serverErrors[status] ?? 0) + 1;
      return response;
    } catch (error) {
      counts.networkErrors += 1;
      throw error;
    }
  };

  async function placeUntilAnswered(client: GatepostClient, writer: Writer, key: string): Promise<void> {
    const input = { items: [{ productId, quantity: 1 }], paymentToken: 'tok_approve' };
    for (const givingUpAt = Date.now() + GIVE_UP_AFTER_MS; Date.now() < givingUpAt;) {
      try {
        const order =
          writer.protocol === 'trpc'
            ? await client.trpc.orders.place.mutate(input, { context: { idempotencyKey: key } })
            : await client.graphql.mutate('orders.place', input, { idempotencyKey: key });
        counts.acknowledged.push({ key, orderId: order.id, userId: writer.userId });
        return;
      } catch (error) {
        if (!isRetryable(error)) {
          counts.refused.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    counts.unfinished += 1;
  }

  const running = writers.map(async (writer) => {
    const client = createGatepostClient({ url, fetch: countingFetch, retry: RETRY, headers: { authorization: `Bearer ${writer.token}` } });
    while (!stopping) await placeUntilAnswered(client, writer, randomUUID());
  });

  return {
    counts,
    async stop() {
      stopping = true;
      await Promise.all(running);
      return counts;
    },
  };
}

/** A network failure, or an answer the server marked worth sending again (503, a key still running). */
function isRetryable(error: unknown): boolean {
  if (error instanceof GatepostClientError) return error.retryable || error.status === 0;
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as { retryable?: boolean } | undefined;
    return data?.retryable === true || data === undefined;
  }
  return error instanceof TypeError; // fetch failed: refused, reset
}
