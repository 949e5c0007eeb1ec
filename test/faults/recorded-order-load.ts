// A bounded, keyed order load over raw fetch (tRPC's wire format, Node's keep-alive connection
// pool) that records every request as it went: when it was sent, when it settled, and how — a whole
// answer, a refused connection, or a failure with no answer. No client retries hide anything: a
// request is one fetch. Each writer keeps its Idempotency-Key until the order is acknowledged, as
// an application that must not lose a purchase would, and stops at its first refused connection
// (nothing listens any more).
import { randomUUID } from 'node:crypto';
import type { Writer } from './order-writers';

const ANSWER_TIMEOUT_MS = 15_000;

export type Outcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly retryAfter: boolean;
      /** The catalog code of an error answer. */
      readonly code?: string;
      /** The order's id, for a 2xx. */
      readonly orderId?: string;
    }
  | { readonly kind: 'refused' }
  /** No answer at all: reset, closed before a whole response, EPIPE. */
  | { readonly kind: 'failed'; readonly cause: string };

export interface RecordedRequest {
  readonly userId: string;
  readonly key: string;
  readonly sentAt: number;
  settledAt?: number;
  outcome?: Outcome;
}

export interface RecordedLoad {
  readonly requests: RecordedRequest[];
  /** Resolves once every writer has been refused, or stopped. */
  readonly finished: Promise<RecordedRequest[]>;
  stop(): Promise<RecordedRequest[]>;
}

export interface PlaceOrderOptions {
  readonly url: string;
  readonly token: string;
  readonly key: string;
  readonly productId: string;
}

/** One `orders.place` call over tRPC, recorded. */
export async function placeOrder(options: PlaceOrderOptions, userId: string): Promise<RecordedRequest> {
  const request: RecordedRequest = { userId, key: options.key, sentAt: Date.now() };
  try {
    const response = await fetch(`${options.url}/trpc/orders.place`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, 'idempotency-key': options.key },
      body: JSON.stringify({ items: [{ productId: options.productId, quantity: 1 }], paymentToken: 'tok_approve' }),
      // A request left hanging is a failure the test reports, not a test that never ends.
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const body = (await response.json()) as { result?: { data?: { id?: string } }; error?: { data?: { code?: string } } };
    request.outcome = {
      kind: 'answered',
      status: response.status,
      retryAfter: Number(response.headers.get('retry-after')) > 0,
      ...(body.error?.data?.code ? { code: body.error.data.code } : {}),
      ...(body.result?.data?.id ? { orderId: body.result.data.id } : {}),
    };
  } catch (error) {
    const cause = (error as { name?: string; cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.message ?? (error as { name?: string }).name ?? String(error);
    request.outcome = code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'failed', cause: code };
  }
  request.settledAt = Date.now();
  return request;
}

/** Starts each writer placing orders of its own product (`productIds[i]` for `writers[i]`) at `url`. */
export function startRecordedOrderLoad(url: string, writers: readonly Writer[], productIds: readonly string[]): RecordedLoad {
  const requests: RecordedRequest[] = [];
  let stopping = false;

  async function write(writer: Writer, productId: string): Promise<void> {
    let key = randomUUID();
    while (!stopping) {
      const sent = placeOrder({ url, token: writer.token, key, productId }, writer.userId);
      const request = await sent;
      requests.push(request);
      if (request.outcome?.kind === 'refused') return;
      if (request.outcome?.kind === 'answered' && request.outcome.status < 300) key = randomUUID();
    }
  }

  const finished = Promise.all(
    writers.map((writer, index) => {
      const productId = productIds[index];
      if (!productId) throw new Error(`no product for writer ${index}`);
      return write(writer, productId);
    }),
  ).then(() => requests);

  return {
    requests,
    finished,
    async stop() {
      stopping = true;
      return finished;
    },
  };
}
