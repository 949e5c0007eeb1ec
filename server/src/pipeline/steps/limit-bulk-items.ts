import { GatepostError } from '@gatepost/shared';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

const OK: StepResult = { ok: true };

/** Refuses a bulk call with more items than MAX_BULK_ITEMS whole, before validating any item. */
export function limitBulkItems(state: CallState, deps: PipelineDeps): StepResult {
  if (!state.call.operation.bulk) return OK;
  const items = (state.call.input as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items) || items.length <= deps.maxBulkItems) return OK;
  return {
    ok: false,
    error: new GatepostError(
      'PAYLOAD_TOO_LARGE',
      `items: a bulk request may carry at most ${deps.maxBulkItems} items; this one carries ${items.length}.`,
      {
        issues: [{ path: ['items'], message: `must have at most ${deps.maxBulkItems} items` }],
      },
    ),
  };
}
