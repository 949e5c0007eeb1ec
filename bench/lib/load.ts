// A thin wrapper over autocannon's programmatic API: one fixed POST, N connections, D seconds.
// Every response is checked (status and body), because a server that answers errors quickly
// must show up as FAILED, never as fast.
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { LatencyRecorder } from './stats';

/** null when the response is what a successful call looks like, else a short reason. */
export type ResponseCheck = (status: number, body: string) => string | null;

export interface HttpLoadOptions {
  readonly baseUrl: string;
  readonly path: string;
  readonly body: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly check: ResponseCheck;
  /** Requests per second across all connections (a steady load); unset means as fast as possible. */
  readonly overallRate?: number;
  /** Send a new `Idempotency-Key` (a UUID) with every request, as gatepost's client does. */
  readonly freshIdempotencyKey?: boolean;
}

export interface FailureCounts {
  /** Responses whose status was not 2xx. */
  readonly non2xx: number;
  /** 2xx responses whose body was an error (GraphQL `errors`, a tRPC batch item error, …). */
  readonly badBody: number;
  /** Connection errors and timeouts, as autocannon counts them. */
  readonly socketErrors: number;
}

export interface LoadOutcome {
  /** Calls that completed and passed the check. */
  readonly ok: number;
  readonly failures: FailureCounts;
  readonly elapsedSeconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The first failing response (status and start of the body), to say *why* a run failed. */
  readonly firstFailure: string | null;
}

export function totalFailures(failures: FailureCounts): number {
  return failures.non2xx + failures.badBody + failures.socketErrors;
}

export async function runHttpLoad(options: HttpLoadOptions): Promise<LoadOutcome> {
  let ok = 0;
  let non2xx = 0;
  let badBody = 0;
  let firstFailure: string | null = null;
  const latencies = new LatencyRecorder();

  const onResponse = (status: number, body: string): void => {
    const problem = options.check(status, body);
    if (problem === null) {
      ok++;
      return;
    }
    if (status < 200 || status > 299) non2xx++;
    else badBody++;
    firstFailure ??= `HTTP ${status} (${problem}): ${body.slice(0, 300)}`;
  };

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: options.path,
            headers: { 'content-type': 'application/json' },
            body: options.body,
            onResponse,
            ...(options.freshIdempotencyKey
              ? {
                  setupRequest: (request: autocannon.Request) => ({
                    ...request,
                    headers: { ...request.headers, 'idempotency-key': randomUUID() },
                  }),
                }
              : {}),
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    // autocannon's own latency histogram has whole-millisecond resolution; its per-response event
    // carries the exact time. @types/autocannon omits the first (client) argument, hence the cast.
    (instance as EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
      latencies.record(responseTimeMs);
    });
  });

  const { p50, p99 } = latencies.percentiles();
  return {
    ok,
    // autocannon counts timeouts inside `errors` as well.
    failures: { non2xx, badBody, socketErrors: result.errors },
    elapsedSeconds: result.duration,
    p50Ms: p50,
    p99Ms: p99,
    firstFailure: firstFailure ?? (result.errors > 0 ? `${result.errors} connection errors (${result.timeouts} timeouts)` : null),
  };
}
