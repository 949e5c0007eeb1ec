import { ERROR_CATALOG, GatepostError, isGatepostError, publicMessageOf, type ErrorCode, type GatepostErrorData } from '@gatepost/shared';
import type { TRPCError, TRPCErrorShape, TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { RequestScope } from '../../pipeline/index';

/** `error.data` of every tRPC error gatepost sends: the catalog code, never tRPC's internals or a stack. */
export interface GatepostTrpcErrorData extends GatepostErrorData {
  readonly httpStatus: number;
  readonly path?: string;
}

export type GatepostTrpcErrorShape = TRPCErrorShape<GatepostTrpcErrorData>;

/** Errors tRPC raises itself, before any procedure runs, and what they are in our catalog. */
const CODE_OF_TRPC_ERROR: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'MALFORMED_REQUEST',
  BAD_REQUEST: 'MALFORMED_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The catalog error a tRPC error stands for: ours when a procedure threw it, else translated (unknown → INTERNAL). */
export function gatepostErrorOf(error: TRPCError): GatepostError {
  if (isGatepostError(error.cause)) return error.cause;
  const code = CODE_OF_TRPC_ERROR[error.code];
  return code ? new GatepostError(code, error.message) : new GatepostError('INTERNAL');
}

export function errorShape(error: GatepostError, path: string | undefined, requestId: string | undefined): GatepostTrpcErrorShape {
  const spec = ERROR_CATALOG[error.code];
  const message = publicMessageOf(error, requestId);
  return {
    message,
    code: TRPC_ERROR_CODES_BY_KEY[spec.trpc],
    data: {
      code: error.code,
      httpStatus: spec.status,
      retryable: error.retryable,
      ...(path === undefined ? {} : { path }),
      ...(error.issues ? { issues: error.issues } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}

/** tRPC's `errorFormatter`: every error leaves in gatepost's shape. */
export function formatTrpcError(opts: {
  error: TRPCError;
  path: string | undefined;
  ctx: RequestScope | undefined;
}): GatepostTrpcErrorShape {
  return errorShape(gatepostErrorOf(opts.error), opts.path, opts.ctx?.requestId);
}
