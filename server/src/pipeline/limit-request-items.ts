import { refusal, type AnyOperation, type GatepostError } from '@gatepost/shared';
import { bulkItemsOf } from './steps/limit-bulk-items';

export interface RequestItemLimits {
  /** MAX_ITEMS_PER_REQUEST: items across every call of one request. */
  readonly maxItemsPerRequest: number;
  /** MAX_BULK_ITEMS: items of one bulk call. */
  readonly maxBulkItems: number;
}

/** The work one call carries: a bulk call its items, any other call 1. */
export function itemsOfCall(operation: AnyOperation | undefined, input: unknown): number {
  if (!operation?.bulk) return 1;
  return bulkItemsOf(input)?.length ?? 1;
}

/**
 * Refuses a request whose calls carry more than MAX_ITEMS_PER_REQUEST items together, whole and
 * before any of them runs: MAX_BATCH_CALLS and MAX_BULK_ITEMS each bound one dimension, but 100
 * bulk calls of 1,000 items are 100,000 rows from one (anonymous) request. Each protocol counts
 * its calls' items from the wire (`itemsOfCall`) and asks here, so all refuse alike.
 *
 * A request of one call over MAX_BULK_ITEMS is left to that call's own refusal, which names its
 * `items` field.
 */
export function limitRequestItems(itemsPerCall: readonly number[], limits: RequestItemLimits): GatepostError | undefined {
  let total = 0;
  for (const items of itemsPerCall) total += items;
  if (total <= limits.maxItemsPerRequest) return undefined;
  if (itemsPerCall.length === 1 && total > limits.maxBulkItems) return undefined;
  return refusal('REQUEST_TOO_MANY_ITEMS', [limits.maxItemsPerRequest, total]);
}
