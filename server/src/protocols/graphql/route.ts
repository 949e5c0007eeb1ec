import { refusal, type GatepostError } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';
import { GRAPHIQL_CSP } from '../../http/security';
import type { ReadRequestScope } from '../../http/request-scope';
import type { Pipeline } from '../../pipeline/index';
import { encodeGraphQLHttpError } from './errors';
import { createGraphQLFastPath } from './fast-path';
import type { GatepostYoga } from './yoga';

export interface GraphQLRouteOptions {
  readonly pipeline: Pipeline;
  readonly maxBatchCalls: number;
  readonly fastPath: boolean;
  readonly readScope: ReadRequestScope;
}

/** Mounts yoga on Fastify (yoga's documented integration), behind the fast path. */
export function registerGraphQLRoute(app: FastifyInstance, yoga: GatepostYoga, options: GraphQLRouteOptions): void {
  const serveFast = options.fastPath ? createGraphQLFastPath(yoga, options.pipeline) : async () => false;
  app.route({
    method: ['GET', 'POST'],
    config: { authenticates: true },
    url: yoga.graphqlEndpoint,
    handler: async function graphqlHandler(request, reply) {
      const refused = refuseBatch(request.body, options.maxBatchCalls);
      if (refused) return reply.status(refused.status).send(encodeGraphQLHttpError(refused, request.id));
      const scope = options.readScope(request, reply);
      if (await serveFast(request, reply, scope)) return reply;
      if (Array.isArray(request.body) && (scope.atomic || scope.idempotencyKey !== undefined)) {
        // yoga runs the operations of an array independently and does not tell an operation its
        // place in the array (which its key slot `<key> <index>` needs); it cannot keep either promise.
        const unsupported = refusal('GRAPHQL_ARRAY_NEEDS_FAST_PATH', []);
        return reply.status(unsupported.status).send(encodeGraphQLHttpError(unsupported, request.id));
      }
      const response = await yoga.handleNodeRequestAndResponse(request, reply, { req: request, reply, scope });
      response.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      // The GraphiQL page, and only it, needs inline script, which the API's CSP forbids.
      if (response.headers.get('content-type')?.startsWith('text/html')) reply.header('content-security-policy', GRAPHIQL_CSP);
      reply.status(response.status);
      return reply.send(response.body);
    },
  });
}

/** An empty request array, or one over the limit, is refused whole, naming the limit, before any operation runs. */
function refuseBatch(body: unknown, maxBatchCalls: number): GatepostError | undefined {
  if (!Array.isArray(body)) return undefined;
  if (body.length === 0) return refusal('GRAPHQL_ARRAY_EMPTY', []);
  if (body.length <= maxBatchCalls) return undefined;
  return refusal('GRAPHQL_ARRAY_TOO_LARGE', [maxBatchCalls, body.length]);
}
