import { ERROR_CATALOG, publicMessageOf, type GatepostError } from '@gatepost/shared';

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** RFC 9457 problem details, with gatepost's catalog code, field issues and retry hint beside them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request id: what the logs are searched by. */
  readonly instance: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly issues?: readonly { readonly path: readonly (string | number)[]; readonly message: string }[];
}

/**
 * A catalog error as problem details. `type` names the catalog code (RFC 9457 §3.1.1: a URI that
 * identifies the problem type), `title` is the code's fixed summary and `detail` this occurrence's
 * human message; an unexpected error's message is masked, as over every protocol.
 */
export function toProblem(error: GatepostError, requestId: string): Problem {
  const spec = ERROR_CATALOG[error.code];
  return {
    type: `urn:gatepost:error:${error.code}`,
    title: spec.message,
    status: spec.status,
    detail: publicMessageOf(error, requestId),
    instance: `urn:gatepost:request:${requestId}`,
    code: error.code,
    retryable: error.retryable,
    ...(error.issues ? { issues: error.issues } : {}),
  };
}
