import type { AppRouter } from '@gatepost/server';
import { TRPCClientError, type TRPCClient } from '@trpc/client';
import { GatepostClientError } from './client-error';

type Results<Calls extends readonly Promise<unknown>[]> = { -readonly [Index in keyof Calls]: Awaited<Calls[Index]> };

/** An atomic batch that was not applied: one call failed, so none was kept. */
export class AtomicBatchError extends GatepostClientError {
  constructor(
    /** Each call's error, in call order: the failing call's own, BATCH_ABORTED for the others. */
    readonly errors: readonly unknown[],
    /** The index of the call that failed (the first whose error is not BATCH_ABORTED). */
    readonly failedIndex: number,
  ) {
    const cause = errors[failedIndex];
    super(
      `The atomic batch was not applied: call ${failedIndex} failed${cause instanceof Error ? `: ${cause.message}` : ''}`,
      'BATCH_ABORTED',
      409,
    );
  }
}

interface RecordedCall {
  readonly path: readonly string[];
  readonly input: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Records the mutations `build` makes on a stand-in proxy, checks there are at most
 * `maxCalls`, then sends them in one tick so httpBatchLink puts them in one POST carrying
 * `Gatepost-Atomic: true`. Resolves to every result, or rejects with AtomicBatchError.
 */
export async function runAtomicBatch<const Calls extends readonly Promise<unknown>[]>(
  atomicTrpc: TRPCClient<AppRouter>,
  maxCalls: number,
  build: (trpc: TRPCClient<AppRouter>) => Calls,
): Promise<Results<Calls>> {
  const recorded: RecordedCall[] = [];
  const calls = build(recordingProxy(recorded, []) as TRPCClient<AppRouter>);
  if (recorded.length === 0) return [] as unknown as Results<Calls>;
  if (recorded.length > maxCalls) {
    const error = new GatepostClientError(
      `An atomic batch may carry at most ${maxCalls} calls; this one has ${recorded.length}.`,
      'PAYLOAD_TOO_LARGE',
      413,
    );
    for (const call of recorded) call.reject(error);
    await Promise.allSettled(calls);
    throw error;
  }
  for (const call of recorded) {
    let target: unknown = atomicTrpc;
    for (const segment of call.path) target = (target as Record<string, unknown>)[segment];
    (target as { mutate(input: unknown): Promise<unknown> }).mutate(call.input).then(call.resolve, call.reject);
  }
  const settled = await Promise.allSettled(calls);
  const values = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (values.length === settled.length) return values as Results<Calls>;
  const errors = settled.map((result) => (result.status === 'rejected' ? (result.reason as unknown) : undefined));
  const failedIndex = errors.findIndex((error) => error !== undefined && codeOf(error) !== 'BATCH_ABORTED');
  throw new AtomicBatchError(errors, failedIndex === -1 ? 0 : failedIndex);
}

function codeOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code;
  return error instanceof GatepostClientError ? error.code : undefined;
}

function recordingProxy(recorded: RecordedCall[], path: readonly string[]): unknown {
  return new Proxy(() => {}, {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      if (property === 'mutate') {
        return (input: unknown) =>
          new Promise((resolve, reject) => {
            recorded.push({ path, input, resolve, reject });
          });
      }
      if (property === 'query' || property === 'subscribe') {
        return () => {
          throw new GatepostClientError('An atomic batch holds mutations only.', 'MALFORMED_REQUEST', 400);
        };
      }
      return recordingProxy(recorded, [...path, property]);
    },
  });
}
