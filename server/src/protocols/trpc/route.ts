import type { ContractShape } from '@gatepost/shared';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import type { Pipeline, RequestItemLimits } from '../../pipeline/index';
import { gatepostErrorOf, errorShape } from './error-shape';
import type { ReadRequestScope } from '../../http/request-scope';
import { batchLimitError, isBatchRequest } from './batch-limit';
import { createTrpcFastPath } from './fast-path';
import { createTrpcItemLimit } from './item-limit';
import { buildTrpcRouter } from './router';
import { refuseOtherMethods } from '../../http/method-not-allowed';
import { type GatepostError, refusal } from '@gatepost/shared';
import type { IsCrossSite } from '../../auth/cross-site';
import { UNREAD_MULTIPART, type FileUploads } from '../../files/file-uploads';
import { createTrpcFormDataCall } from './form-data-call';

export interface TrpcRouteOptions {
  readonly contract: ContractShape;
  readonly pipeline: Pipeline;
  readonly maxBatchCalls: number;
  /** MAX_ITEMS_PER_REQUEST and MAX_BULK_ITEMS. */
  readonly itemLimits: RequestItemLimits;
  readonly fastPath: boolean;
  readonly readScope: ReadRequestScope;
  readonly uploads: FileUploads;
  readonly isCrossSite: IsCrossSite;
  /** MAX_NESTING_DEPTH, for a FormData input's keys. */
  readonly maxNestingDepth: number;
}

/**
 * Mounts tRPC on `/trpc/:path` ourselves rather than with `fastifyTRPCPlugin`, whose adapter would
 * buffer a `multipart/form-data` body whole: FormData inputs take the streaming upload path instead
 * (form-data-call.ts), which also refuses them cross-site.
 * Fastify parses the JSON body (with prototype-poisoning protection) before tRPC sees it.
 */
export function registerTrpcRoute(app: FastifyInstance, options: TrpcRouteOptions): void {
  const router = buildTrpcRouter(options.contract, options.pipeline.execute);
  const itemLimitError = createTrpcItemLimit(options.contract, options.itemLimits);
  const serveFast = options.fastPath ? createTrpcFastPath(options.contract, options.pipeline) : async () => false;
  const serveFormData = createTrpcFormDataCall(options);
  app.route<{ Params: { path: string }; Querystring: { batch?: string; input?: string } }>({
    // HEAD is served by tRPC's adapter, which answers it 204 with no body. Fastify's own HEAD
    // route (a GET with the body dropped) cannot carry the Fetch Response the adapter answers with.
    method: ['GET', 'HEAD', 'POST'],
    exposeHeadRoute: false,
    config: { authenticates: true },
    url: '/trpc/:path',
    handler: async function trpcHandler(request, reply) {
      if (request.body === UNREAD_MULTIPART) return serveFormData(request, reply);
      const tooLarge =
        (isBatchRequest(request.query) ? batchLimitError(request.params.path, options.maxBatchCalls) : undefined) ??
        itemLimitError(request);
      if (tooLarge) return reply.status(tooLarge.status).send(encodeTrpcHttpError(tooLarge, request.id));
      const scope = options.readScope(request, reply);
      if (await serveFast(request, reply, scope)) return reply;
      if (isBatchRequest(request.query) && (scope.atomic || scope.idempotencyKey !== undefined)) {
        // tRPC's own adapter neither runs a batch in one transaction nor tells a call its place
        // in the batch (which its key slot `<key> <index>` needs); it cannot keep either promise.
        const unsupported = refusal('TRPC_BATCH_NEEDS_FAST_PATH', []);
        return reply.status(unsupported.status).send(encodeTrpcHttpError(unsupported, request.id));
      }
      await fastifyRequestHandler({
        router,
        req: request,
        res: reply,
        path: request.params.path,
        // Checked above already; kept so tRPC itself never runs an oversized batch either.
        maxBatchSize: options.maxBatchCalls,
        allowMethodOverride: false,
        createContext: () => scope,
        onError: ({ error }) => {
          if (gatepostErrorOf(error).code === 'INTERNAL') request.log.error({ err: error }, 'tRPC failed outside the pipeline');
        },
      });
      return reply;
    },
  });
  refuseOtherMethods(app, '/trpc/:path', ['GET', 'HEAD', 'POST']);
}

/** The body of an error raised before tRPC ran (body limit, malformed JSON): tRPC's envelope, our shape. */
export function encodeTrpcHttpError(error: GatepostError, requestId: string): unknown {
  return { error: errorShape(error, undefined, requestId) };
}
