// A fetch for the client under test that writes down every attempt it is asked to make — URL,
// method, Idempotency-Key, when it started and ended, and what came of it — and can fail chosen
// attempts with the error Node's fetch throws when a connection breaks: before the request is
// sent (nothing reached the server), or after the whole response arrived (the server ran the
// call, and the client never learns how it ended: a lost response without a proxy).
import { IDEMPOTENCY_KEY_HEADER } from '@gatepost/client';

export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly replayed: boolean; readonly retryAfter: string | null }
  | { readonly kind: 'network-error'; readonly message: string };

export interface Attempt {
  /** 0 for the first request this fetch saw, counting every request. */
  readonly index: number;
  readonly url: string;
  /** The path with its query, e.g. `/trpc/orders.place` or `/trpc/orders.place,orders.place?batch=1`. */
  readonly path: string;
  readonly method: string;
  /** The Idempotency-Key header sent, or null when none was. */
  readonly key: string | null;
  /** `performance.now()` when the attempt was handed to this fetch. */
  readonly startedAt: number;
  /** `performance.now()` when it settled (response headers and body received, or failed). */
  endedAt: number;
  outcome: AttemptOutcome | undefined;
}

/** Which attempts to break, and how: a network error before sending, or the response lost after arriving. */
export type FailWhen = (attempt: Attempt) => 'before-sending' | 'after-receiving' | undefined;

export interface RecordingFetch {
  /** Pass as the client's `fetch` option. */
  readonly fetch: typeof fetch;
  /** Every attempt, in the order they started. */
  readonly attempts: readonly Attempt[];
  /** Attempts whose path starts with `prefix` (e.g. `/trpc/orders.place`). */
  attemptsTo(prefix: string): Attempt[];
  /** Resolves with the first attempt matching `predicate` once it has settled. */
  settled(predicate: (attempt: Attempt) => boolean): Promise<Attempt>;
}

export function recordingFetch(options: { failWhen?: FailWhen } = {}): RecordingFetch {
  const attempts: Attempt[] = [];
  const waiters: { predicate: (attempt: Attempt) => boolean; resolve: (attempt: Attempt) => void }[] = [];

  function settle(attempt: Attempt, outcome: AttemptOutcome): void {
    attempt.outcome = outcome;
    attempt.endedAt = performance.now();
    for (const waiter of [...waiters]) {
      if (!waiter.predicate(attempt)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(attempt);
    }
  }

  const recording: typeof fetch = async function recordingFetch(input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const attempt: Attempt = {
      index: attempts.length,
      url: url.href,
      path: `${url.pathname}${url.search}`,
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      key: headers.get(IDEMPOTENCY_KEY_HEADER),
      startedAt: performance.now(),
      endedAt: Number.NaN,
      outcome: undefined,
    };
    attempts.push(attempt);
    const failure = options.failWhen?.(attempt);
    if (failure === 'before-sending') {
      settle(attempt, { kind: 'network-error', message: 'fetch failed (before sending)' });
      throw new TypeError('fetch failed');
    }
    let response: Response;
    try {
      response = await globalThis.fetch(input, init);
    } catch (error) {
      settle(attempt, { kind: 'network-error', message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    // Read the body now, so "ended" means the whole answer arrived (and the server had finished).
    const body = await response.arrayBuffer();
    if (failure === 'after-receiving') {
      settle(attempt, { kind: 'network-error', message: `fetch failed (response ${response.status} lost)` });
      throw new TypeError('fetch failed');
    }
    settle(attempt, {
      kind: 'response',
      status: response.status,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      retryAfter: response.headers.get('retry-after'),
    });
    return new Response(body.byteLength === 0 ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return {
    fetch: recording,
    attempts,
    attemptsTo: (prefix) => attempts.filter((attempt) => attempt.path.startsWith(prefix)),
    settled(predicate) {
      const done = attempts.find((attempt) => attempt.outcome !== undefined && predicate(attempt));
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

/** Milliseconds between the end of one attempt and the start of the next: the wait the client chose. */
export function gapsBetween(attempts: readonly Attempt[]): number[] {
  return attempts.slice(1).map((attempt, index) => attempt.startedAt - (attempts[index]?.endedAt ?? Number.NaN));
}
