import { getOperationAST, type ExecutionResult } from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lazyFetchRequest } from './lazy-fetch-request';
import { handleGraphQLError } from './masking';
import type { GatepostYoga } from './yoga';
import { negotiateResultMediaType, responseInitFor, stringifyResult } from './yoga-http-rules';

interface PostJsonParams {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

const PARAM_NAMES = new Set(['query', 'variables', 'operationName']);

/**
 * GraphQL over HTTP served straight from Fastify for the common request: a JSON POST of one
 * query or mutation. It runs yoga's own envelop orchestrator (`getEnveloped`: the parser and
 * validation caches, our plugins, masking, the HTTP validation statuses) but skips the
 * Fetch-API `Request`/`Response` conversion, which costs more than the operation itself.
 * Everything else — GET, batches (arrays), extensions such as persisted queries, multipart,
 * subscriptions, an Accept header yoga would answer otherwise — returns `false` so yoga
 * answers it. Status codes follow the GraphQL-over-HTTP spec exactly as yoga applies it.
 */
export function createGraphQLFastPath(yoga: GatepostYoga) {
  return async function serveGraphQLFast(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (request.method !== 'POST' || !request.headers['content-type']?.startsWith('application/json')) return false;
    const params = readParams(request.body);
    const mediaType = negotiateResultMediaType(request.headers.accept);
    if (!params || !mediaType) return false;
    // yoga's initial context, with a lazy stand-in for the Fetch Request yoga would have made.
    const enveloped = yoga.getEnveloped({ req: request, reply, params, request: lazyFetchRequest(request) } as never);
    let result: ExecutionResult;
    try {
      const document = enveloped.parse(params.query);
      const validationErrors = enveloped.validate(enveloped.schema, document);
      if (validationErrors.length > 0) {
        result = { errors: validationErrors };
      } else {
        if (getOperationAST(document, params.operationName)?.operation === 'subscription') return false;
        const contextValue = await enveloped.contextFactory();
        result = (await enveloped.execute({
          schema: enveloped.schema,
          document,
          contextValue,
          variableValues: params.variables,
          operationName: params.operationName,
        })) as ExecutionResult;
      }
    } catch (error) {
      result = { errors: handleGraphQLError(error, request.log) };
    }
    const init = responseInitFor(result, mediaType);
    await reply.status(init.status).headers(init.headers).send(stringifyResult(result));
    return true;
  };
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
