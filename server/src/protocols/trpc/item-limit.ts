import { listOperations, type AnyOperation, type ContractShape, type GatepostError } from '@gatepost/shared';
import { itemsOfCall, limitRequestItems, type RequestItemLimits } from '../../pipeline/index';
import { isBatchRequest } from './batch-limit';

interface TrpcRequestShape {
  readonly method: string;
  readonly params: { readonly path: string };
  readonly query: { readonly batch?: string };
  readonly body: unknown;
}

/**
 * Counts the items of every call of a tRPC request from its wire form — the procedures in the
 * path, a mutation's input in the body (`{"0": …, "1": …}` for a batch) — and refuses it whole
 * when they exceed MAX_ITEMS_PER_REQUEST. It runs before the fast path and before tRPC's own
 * adapter, so both refuse alike.
 */
export function createTrpcItemLimit(contract: ContractShape, limits: RequestItemLimits) {
  const operations = new Map<string, AnyOperation>(listOperations(contract).map((operation) => [operation.name, operation]));
  return function trpcItemLimitError(request: TrpcRequestShape): GatepostError | undefined {
    const isBatch = isBatchRequest(request.query);
    const paths = isBatch ? request.params.path.split(',') : [request.params.path];
    // Only mutations (POST) carry bulk inputs; a query counts 1 whatever its input.
    const body = request.method === 'POST' ? request.body : undefined;
    const items = paths.map((path, index) => {
      const input = isBatch ? (body as Record<string, unknown> | null | undefined)?.[String(index)] : body;
      return itemsOfCall(operations.get(path), input);
    });
    return limitRequestItems(items, limits);
  };
}
