import { GraphQLError, getOperationAST, type ExecutionResult } from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { coalescingRunner, type Pipeline, type RequestScope, type RunCall } from '../../pipeline/index';
import type { GraphQLServerContext } from './context';
import { lazyFetchRequest } from './lazy-fetch-request';
import { handleGraphQLError } from './masking';
import { runAtomicGraphQL } from './run-atomic-graphql';
import type { GatepostYoga } from './yoga';
import { negotiateResultMediaType, responseInitFor, stringifyResult, type ResultMediaType } from './yoga-http-rules';

interface PostJsonParams {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

const PARAM_NAMES = new Set(['query', 'variables', 'operationName']);

/** Where an operation of a request array stands: its index, and the call runner the array shares. */
type ArrayPlace = Required<Pick<GraphQLServerContext, 'arrayIndex' | 'runCall' | 'inAtomicTransaction'>>;

/**
 * GraphQL over HTTP served straight from Fastify for the common requests: a JSON POST of one
 * operation, or of an array of them (request batching). It runs yoga's own envelop
 * orchestrator (`getEnveloped`: the parser and validation caches, our plugins, masking, the
 * HTTP validation statuses) but skips the Fetch-API `Request`/`Response` conversion, which
 * costs more than the operation itself. Everything else — GET, extensions such as persisted
 * queries, multipart, subscriptions, an Accept header yoga would answer otherwise — returns
 * `false` so yoga answers it. Status codes follow the GraphQL-over-HTTP spec as yoga applies it.
 * It mirrors yoga's HTTP handling, so graphql-yoga is pinned with `~` (server/package.json), a
 * plugin with HTTP hooks is refused at start-up (refuse-http-hooks.ts), and test/fast-paths/
 * compares both answers for every operation.
 *
 * Only envelop hooks run here, not yoga's HTTP hooks (onRequest, onParams, onResultProcess…):
 * every protection gatepost installs is an envelop plugin for that reason.
 *
 * The operations of an array share one call runner: coalescing (calls of one mutation become
 * one statement) or, with `Gatepost-Atomic: true`, one transaction for the whole array.
 */
export function createGraphQLFastPath(yoga: GatepostYoga, pipeline: Pipeline) {
  async function runOperation(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: RequestScope,
    params: PostJsonParams,
    inArray?: ArrayPlace,
  ): Promise<ExecutionResult | undefined> {
    // yoga's initial context, with a lazy stand-in for the Fetch Request yoga would have made.
    const serverContext: GraphQLServerContext = { req: request, reply, scope, ...inArray };
    const enveloped = yoga.getEnveloped({ ...serverContext, params, request: lazyFetchRequest(request) } as never);
    try {
      const document = enveloped.parse(params.query);
      const validationErrors = enveloped.validate(enveloped.schema, document);
      if (validationErrors.length > 0) return { errors: validationErrors };
      if (getOperationAST(document, params.operationName)?.operation === 'subscription') return undefined;
      const contextValue = await enveloped.contextFactory();
      return (await enveloped.execute({
        schema: enveloped.schema,
        document,
        contextValue,
        variableValues: params.variables,
        operationName: params.operationName,
      })) as ExecutionResult;
    } catch (error) {
      return { errors: handleGraphQLError(error, request.log) };
    }
  }

  async function runArray(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: RequestScope,
    operations: readonly PostJsonParams[],
  ): Promise<ExecutionResult[]> {
    const runInOrder = async (runCall: RunCall) => {
      const results: ExecutionResult[] = [];
      // In order, one at a time: an atomic array's calls share one connection.
      for (const [arrayIndex, params] of operations.entries()) {
        const place = { arrayIndex, runCall, inAtomicTransaction: true };
        results.push((await runOperation(request, reply, scope, params, place)) ?? subscriptionInBatch());
      }
      return results;
    };
    if (scope.atomic) return runAtomicGraphQL(pipeline, scope, runInOrder);
    const runCall = coalescingRunner(pipeline.executeBatch);
    return Promise.all(
      operations.map(
        async (params, arrayIndex) =>
          (await runOperation(request, reply, scope, params, { arrayIndex, runCall, inAtomicTransaction: false })) ?? subscriptionInBatch(),
      ),
    );
  }

  return async function serveGraphQLFast(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: RequestScope,
    body: { readonly multipart: boolean } = { multipart: false },
  ): Promise<boolean> {
    // A multipart request's body is the JSON request its `operations` field carried, files in place.
    if (request.method !== 'POST' || !(body.multipart || request.headers['content-type']?.startsWith('application/json'))) return false;
    const mediaType = negotiateResultMediaType(request.headers.accept);
    if (!mediaType) return false;
    if (Array.isArray(request.body)) {
      const operations = request.body.map(readParams);
      if (operations.length === 0 || !operations.every((params) => params !== undefined)) return false;
      await send(reply, await runArray(request, reply, scope, operations as PostJsonParams[]), mediaType);
      return true;
    }
    const params = readParams(request.body);
    if (!params) return false;
    const result = await runOperation(request, reply, scope, params);
    if (!result) return false;
    await send(reply, result, mediaType);
    return true;
  };
}

async function send(reply: FastifyReply, result: ExecutionResult | ExecutionResult[], mediaType: ResultMediaType): Promise<void> {
  // yoga answers a request array 200 whatever its operations met (its status rules read a single result).
  const init = Array.isArray(result)
    ? { status: 200, headers: { 'content-type': `${mediaType}; charset=utf-8` } }
    : responseInitFor(result, mediaType);
  const body = Array.isArray(result) ? `[${result.map(stringifyResult).join(',')}]` : stringifyResult(result);
  await reply.status(init.status).headers(init.headers).send(body);
}

function subscriptionInBatch(): ExecutionResult {
  return { errors: [new GraphQLError('Subscriptions cannot be sent in a request array.', { extensions: { code: 'BAD_REQUEST' } })] };
}

function readParams(body: unknown): PostJsonParams | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const params = body as Record<string, unknown>;
  for (const key of Object.keys(params)) if (!PARAM_NAMES.has(key)) return undefined;
  const { query, variables, operationName } = params;
  if (typeof query !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return params as unknown as PostJsonParams;
}
