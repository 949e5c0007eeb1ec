import { refusal, type GatepostError } from '@gatepost/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuseOtherMethods } from '../../http/method-not-allowed';
import { GRAPHIQL_CSP } from '../../http/security';
import type { ReadRequestScope } from '../../http/request-scope';
import type { Pipeline } from '../../pipeline/index';
import { encodeGraphQLHttpError } from './errors';
import { createGraphQLFastPath } from './fast-path';
import type { GraphQLRequestParams } from './item-limit';
import type { GatepostYoga } from './yoga';
import type { IsCrossSite } from '../../auth/cross-site';
import { UNREAD_MULTIPART, type FileUploads } from '../../files/file-uploads';
import type { ContractSchema } from './build-schema';
import { inputSchemasByTypeName, receiveGraphQLMultipart } from './multipart-request';

export interface GraphQLRouteOptions {
  readonly pipeline: Pipeline;
  readonly maxBatchCalls: number;
  /** Counts a request's items, refusing it over MAX_ITEMS_PER_REQUEST (item-limit.ts). */
  readonly itemLimitError: (operations: readonly GraphQLRequestParams[]) => GatepostError | undefined;
  readonly fastPath: boolean;
  readonly readScope: ReadRequestScope;
  /** Multipart requests (uploads): the one streaming path, the schema's input types, and the cross-site rule they meet. */
  readonly uploads: FileUploads & { readonly contractSchema: ContractSchema; readonly isCrossSite: IsCrossSite };
}

/** Mounts yoga on Fastify (yoga's documented integration), behind the fast path. */
export function registerGraphQLRoute(app: FastifyInstance, yoga: GatepostYoga, options: GraphQLRouteOptions): void {
  // Multipart requests take it whatever FAST_PATHS says: yoga's own multipart parsing buffers every file.
  const serveDirect = createGraphQLFastPath(yoga, options.pipeline);
  const serveFast = options.fastPath ? serveDirect : async () => false;
  const inputSchemas = inputSchemasByTypeName(options.uploads.contractSchema);
  app.route({
    method: ['GET', 'POST'],
    config: { authenticates: true },
    url: yoga.graphqlEndpoint,
    handler: async function graphqlHandler(request, reply) {
      if (request.body === UNREAD_MULTIPART) {
        const refuse = (error: GatepostError) => {
          options.uploads.discardUnread(request, reply);
          return reply.status(error.status).send(encodeGraphQLHttpError(error, request.id));
        };
        // Any site can make a browser send a multipart request without a preflight (the spec's own CSRF warning).
        if (options.uploads.isCrossSite(request)) return refuse(refusal('CROSS_SITE_UPLOAD', []));
        const received = await receiveGraphQLMultipart(request, reply, options.uploads, inputSchemas);
        if (!received.ok) return refuse(received.error);
        request.body = received.body;
        const refused = refuseBatch(request.body, options.maxBatchCalls) ?? options.itemLimitError(operationsOf(request));
        if (refused) return refuse(refused);
        const scope = options.readScope(request, reply);
        if (await serveDirect(request, reply, scope, { multipart: true })) return reply;
        return refuse(refusal('GRAPHQL_MULTIPART_INVALID', ['operations must be one request or an array of them, answerable as JSON']));
      }
      const refused = refuseBatch(request.body, options.maxBatchCalls) ?? options.itemLimitError(operationsOf(request));
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
      if (response.status === 406) return notAcceptable(reply, response, request.id);
      response.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      // The GraphiQL page, and only it, needs inline script, which the API's CSP forbids.
      if (response.headers.get('content-type')?.startsWith('text/html')) reply.header('content-security-policy', GRAPHIQL_CSP);
      reply.status(response.status);
      return reply.send(response.body);
    },
  });
  refuseOtherMethods(app, yoga.graphqlEndpoint, ['GET', 'POST']);
}

/** The operations a request carries: a POST's JSON body (one, or an array), or a GET's query string. */
function operationsOf(request: FastifyRequest): readonly GraphQLRequestParams[] {
  const params = request.method === 'GET' ? request.query : request.body;
  if (Array.isArray(params)) return params as GraphQLRequestParams[];
  return typeof params === 'object' && params !== null ? [params as GraphQLRequestParams] : [];
}

/**
 * yoga answers an Accept header it cannot satisfy with 406 and no body (the GraphQL-over-HTTP
 * spec's recommended answer, RFC 9110 §15.5.7); the body says why, with a catalog code, in JSON
 * (the one type a client that lists none it can read most likely reads anyway).
 */
function notAcceptable(reply: FastifyReply, response: Response, requestId: string): FastifyReply {
  const error = refusal('NOT_ACCEPTABLE', [OFFERED_MEDIA_TYPES]);
  const accept = response.headers.get('accept');
  if (accept) reply.header('accept', accept);
  return reply.status(error.status).type('application/json; charset=utf-8').send(encodeGraphQLHttpError(error, requestId));
}

const OFFERED_MEDIA_TYPES = 'application/graphql-response+json, application/json';

/** An empty request array, or one over the limit, is refused whole, naming the limit, before any operation runs. */
function refuseBatch(body: unknown, maxBatchCalls: number): GatepostError | undefined {
  if (!Array.isArray(body)) return undefined;
  if (body.length === 0) return refusal('GRAPHQL_ARRAY_EMPTY', []);
  if (body.length <= maxBatchCalls) return undefined;
  return refusal('GRAPHQL_ARRAY_TOO_LARGE', [maxBatchCalls, body.length]);
}
