import { IDEMPOTENCY_KEY_HEADER } from './idempotency';

export interface RetryOptions {
  /** Retries after the first try. @default 4 */
  readonly attempts?: number;
  /** The first backoff; each retry doubles it, with full jitter. @default 200 */
  readonly baseDelayMs?: number;
  /** The longest backoff between two tries. @default 5000 */
  readonly maxDelayMs?: number;
  /** The longest `Retry-After` honoured; a server asking for more gets its answer returned. @default 30000 */
  readonly maxRetryAfterMs?: number;
}

/** Statuses that say "not now": too many requests, and a gateway or server that could not answer. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/**
 * A fetch that retries what is safe to retry: only requests that carry an Idempotency-Key (the
 * server then runs each call at most once, and a retry gets the stored result), after a network
 * error, a 429/502/503/504, or an answer marking a call `retryable` (the same key still running:
 * 409; an outage inside a batch or a GraphQL response). It backs off exponentially with full
 * jitter, honours `Retry-After`, and sends the very same request, key included, every time.
 */
export function retryingFetch(fetchImpl: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const backoff = (attempt: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);

  return async function fetchWithRetries(input, init) {
    if (!new Headers(init?.headers).has(IDEMPOTENCY_KEY_HEADER)) return fetchImpl(input, init);
    for (let attempt = 0; ; attempt++) {
      const lastTry = attempt >= attempts;
      let response: Response;
      try {
        response = await fetchImpl(input, init);
      } catch (error) {
        if (lastTry || init?.signal?.aborted) throw error;
        await sleep(backoff(attempt), init?.signal);
        continue;
      }
      if (lastTry || !(await isWorthRetrying(response))) return response;
      const retryAfterMs = retryAfterOf(response);
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return response;
      await response.body?.cancel();
      await sleep(retryAfterMs ?? backoff(attempt), init?.signal);
    }
  };
}

async function isWorthRetrying(response: Response): Promise<boolean> {
  if (RETRY_STATUSES.has(response.status)) return true;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return false;
  // A 409, a tRPC batch of mixed outcomes (207) or a GraphQL response (200, errors inside) may
  // hold a call the server marked retryable; a plain tRPC 200 holds only successes.
  const graphqlOk = response.status === 200 && type.includes('application/graphql-response+json');
  if (response.status !== 409 && response.status !== 207 && !graphqlOk) return false;
  const text = await response.clone().text();
  return text.includes('"retryable":true');
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
