import { type GatepostError, refusal } from '@gatepost/shared';

/** `?batch=1` (what httpBatchLink sends) or `?batch=true`. */
export function isBatchRequest(query: { batch?: string }): boolean {
  return query.batch === '1' || query.batch === 'true';
}

/**
 * A batch carrying more calls than allowed is refused whole, before any call runs, with the
 * limit named — tRPC's own refusal ("Batch call exceeds maximum size") names neither number.
 */
export function batchLimitError(paths: string, maxBatchCalls: number): GatepostError | undefined {
  const calls = paths.split(',').length;
  if (calls <= maxBatchCalls) return undefined;
  return refusal('TRPC_BATCH_TOO_LARGE', [maxBatchCalls, calls]);
}
