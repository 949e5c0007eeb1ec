import { listOperations, refusal, type ContractShape, type GatepostError } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IsCrossSite } from '../../auth/cross-site';
import type { FileUploads } from '../../files/file-uploads';
import type { ReadRequestScope } from '../../http/request-scope';
import type { Pipeline } from '../../pipeline/index';
import { executeFormCall } from '../text-input/execute-form-call';
import { receiveForm } from '../text-input/receive-form';
import { isBatchRequest } from './batch-limit';
import { encodeOutcome } from './fast-path';
import { encodeTrpcHttpError } from './route';

export interface TrpcFormDataDeps {
  readonly contract: ContractShape;
  readonly pipeline: Pipeline;
  readonly readScope: ReadRequestScope;
  readonly uploads: FileUploads;
  readonly isCrossSite: IsCrossSite;
  readonly maxNestingDepth: number;
}

type TrpcRequest = FastifyRequest<{ Params: { path: string }; Querystring: { batch?: string } }>;

/**
 * A tRPC mutation whose input is FormData, as tRPC v11's httpLink sends it (`multipart/form-data`):
 * its fields and files are read by the streaming path every protocol's uploads take (receiveForm),
 * typed by the operation's schema as a form is (`items[0][quantity]`), and the call runs through
 * the pipeline; the answer is tRPC's own envelope. tRPC's adapter would buffer the whole body into
 * a FormData first, so these requests never reach it, whatever FAST_PATHS says. A batch cannot
 * carry files (tRPC's batch links send JSON). A multipart request is one any site can make a
 * browser send without a preflight, so one from another site is refused, as a cross-site HTML
 * form is (an allowed origin may send it).
 */
export function createTrpcFormDataCall(deps: TrpcFormDataDeps) {
  const operations = new Map(listOperations(deps.contract).map((operation) => [operation.name, operation]));
  return async function serveTrpcFormData(request: TrpcRequest, reply: FastifyReply): Promise<FastifyReply> {
    const refuse = (error: GatepostError) => {
      deps.uploads.discardUnread(request, reply);
      return reply.status(error.status).send(encodeTrpcHttpError(error, request.id));
    };
    if (deps.isCrossSite(request)) return refuse(refusal('CROSS_SITE_UPLOAD', []));
    if (isBatchRequest(request.query)) return refuse(refusal('UPLOAD_IN_BATCH', []));
    const operation = operations.get(request.params.path);
    if (operation?.kind !== 'mutation') return refuse(refusal('UPLOAD_TO_NO_MUTATION', [request.params.path]));
    const received = await receiveForm(request, reply, operation, deps);
    if (!received.ok) return refuse(received.error);
    const scope = deps.readScope(request, reply);
    const outcome = await executeFormCall(deps.pipeline, scope, operation, received.form, { maxDepth: deps.maxNestingDepth });
    scope.applyOutcome(outcome);
    return reply
      .status(outcome.ok ? 200 : outcome.error.status)
      .header('content-type', 'application/json')
      .send(Buffer.from(encodeOutcome(outcome, request.params.path, request.id)));
  };
}
