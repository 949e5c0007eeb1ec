import { listOperations, type AnyOperation, type ContractShape } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildCall, type Call, type Outcome, type Pipeline, type RequestScope } from '../../pipeline/index';
import { isBatchRequest } from './batch-limit';
import { errorShape } from './error-shape';

interface WireCall {
  readonly path: string;
  readonly operation: AnyOperation;
  readonly input: unknown;
}

type TrpcRequest = FastifyRequest<{ Params: { path: string }; Querystring: { batch?: string; input?: string } }>;

/**
 * tRPC's HTTP wire format served straight from Fastify, for the shapes `httpLink` and
 * `httpBatchLink` send: POST mutations and GET queries, single or batched, JSON, no
 * transformer. It skips the official adapter's Fetch-API `Request`/`Response` round trip
 * (its cost is in BENCHMARKS.md, FAST_PATHS=false rows). Anything else — streaming links (`trpc-accept`),
 * unknown paths, a method that does not fit the procedure, malformed input —
 * returns `false` so the official handler answers it, with tRPC's own errors.
 * It mirrors tRPC's wire format, so @trpc/server is pinned with `~` (server/package.json) and
 * test/fast-paths/ compares both answers for every operation.
 * The bytes match the official handler's: `{"result":{"data":…}}`, `{"error":{…}}`, and for a
 * batch an array with status 207 when its calls' statuses differ (tRPC's getHTTPStatusCode).
 * A batch runs through `executeBatch`: coalesced, or in one transaction with `Gatepost-Atomic: true`.
 */
export function createTrpcFastPath(contract: ContractShape, pipeline: Pipeline) {
  const operations = new Map(listOperations(contract).map((operation) => [operation.name, operation]));

  function readCalls(request: TrpcRequest): WireCall[] | undefined {
    if (request.headers['trpc-accept'] !== undefined) return undefined;
    const kind = request.method === 'POST' ? 'mutation' : request.method === 'GET' ? 'query' : undefined;
    if (!kind) return undefined;
    const isBatch = isBatchRequest(request.query);
    const paths = isBatch ? request.params.path.split(',') : [request.params.path];
    const inputs = kind === 'mutation' ? request.body : parseQueryInput(request.query.input);
    if (
      inputs === UNPARSEABLE_INPUT ||
      (isBatch && inputs !== undefined && (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)))
    ) {
      return undefined;
    }
    const calls: WireCall[] = [];
    for (const [index, path] of paths.entries()) {
      const operation = operations.get(path);
      if (operation?.kind !== kind) return undefined;
      const input = isBatch ? (inputs as Record<string, unknown> | undefined)?.[String(index)] : inputs;
      calls.push({ path, operation, input });
    }
    return calls;
  }

  return async function serveTrpcFast(request: TrpcRequest, reply: FastifyReply, scope: RequestScope): Promise<boolean> {
    const calls = readCalls(request);
    if (!calls) return false;
    const isBatch = isBatchRequest(request.query);
    // One key per request; call i of a batch uses `<key>/i`.
    const pipelineCalls = calls.map((call, index) => buildCall(scope, call.operation, call.input, isBatch ? String(index) : undefined));
    const outcomes = isBatch
      ? await pipeline.executeBatch(pipelineCalls, { atomic: scope.atomic })
      : [await pipeline.execute(pipelineCalls[0] as Call)];
    for (const outcome of outcomes) scope.applyOutcome(outcome);
    const bodies = outcomes.map((outcome, index) => encodeOutcome(outcome, calls[index]?.path, request.id));
    const statuses = new Set(outcomes.map(statusOf));
    const status = statuses.size === 1 ? (statuses.values().next().value ?? 200) : 207;
    await reply
      .status(status)
      .header('content-type', 'application/json')
      .header('vary', 'trpc-accept, accept')
      // A Buffer, so Fastify adds no charset: the bytes and headers match tRPC's own adapter.
      .send(Buffer.from(isBatch ? `[${bodies.join(',')}]` : (bodies[0] ?? '')));
    return true;
  };
}

/** A query's `?input=` that is not JSON: the official handler answers it with tRPC's own error. */
const UNPARSEABLE_INPUT = Symbol('unparseable input');

function parseQueryInput(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return UNPARSEABLE_INPUT;
  }
}

function statusOf(outcome: Outcome<unknown>): number {
  return outcome.ok ? 200 : outcome.error.status;
}

export function encodeOutcome(outcome: Outcome<unknown>, path: string | undefined, requestId: string): string {
  if (outcome.ok) return JSON.stringify({ result: { data: outcome.data } });
  return JSON.stringify({ error: errorShape(outcome.error, path, requestId) });
}
