import { refusal } from '@gatepost/shared';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

const OK: StepResult = { ok: true };

/** The items of a bulk call's input (`{ items: [...] }`), if it has a list of them. */
export function bulkItemsOf(input: unknown): readonly unknown[] | undefined {
  const items = (input as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? items : undefined;
}

/** Refuses a bulk call with more items than MAX_BULK_ITEMS whole, before validating any item. */
export function limitBulkItems(state: CallState, deps: PipelineDeps): StepResult {
  if (!state.call.operation.bulk) return OK;
  const items = bulkItemsOf(state.call.input);
  if (!items || items.length <= deps.maxBulkItems) return OK;
  return {
    ok: false,
    error: refusal('BULK_TOO_LARGE', [deps.maxBulkItems, items.length], {
      issues: [{ path: ['items'], message: `must have at most ${deps.maxBulkItems} items` }],
    }),
  };
}
