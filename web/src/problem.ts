import { GatepostClientError, TRPCClientError, type GatepostTrpcErrorShape } from '@gatepost/client';

/** A failed call, as the app shows it, whichever protocol carried it. */
export interface Problem {
  /**
   * The catalog code (`VALIDATION_FAILED`, `PAYMENT_DECLINED`, …), `NETWORK` when no answer came,
   * or `CANCELLED` when the user stopped the request.
   */
  readonly code: string;
  readonly message: string;
  /** Field errors by dotted path (`email`, `items.0.quantity`), to show next to their fields. */
  readonly fields: Readonly<Record<string, string>>;
  /** Sending the same call again may succeed (an outage, a busy key); the UI offers a retry. */
  readonly retryable: boolean;
}

type Issue = GatepostClientError['issues'][number];

function fieldsOf(issues: readonly Issue[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  // The first message per field is the one to fix first; later ones repeat the field.
  for (const issue of issues ?? []) fields[issue.path.join('.')] ??= issue.message;
  return fields;
}

/**
 * tRPC calls reject with TRPCClientError carrying gatepost's `data` (code, issues, retryable);
 * GraphQL calls with GatepostClientError; a dropped connection with a bare TRPCClientError
 * (or TypeError) and no data at all, which is worth retrying with the same idempotency key.
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof DOMException && error.name === 'AbortError') {
    return {
      code: 'CANCELLED',
      message: 'Sending was stopped. Your input is kept: send it again when you are ready.',
      fields: {},
      retryable: true,
    };
  }
  if (error instanceof GatepostClientError) {
    return { code: error.code, message: error.message, fields: fieldsOf(error.issues), retryable: error.retryable };
  }
  if (error instanceof TRPCClientError) {
    const data = (error.shape as GatepostTrpcErrorShape | undefined)?.data;
    if (data) return { code: data.code, message: error.message, fields: fieldsOf(data.issues), retryable: data.retryable };
  }
  return {
    code: 'NETWORK',
    message: 'The server could not be reached. Your input is kept: try again.',
    fields: {},
    retryable: true,
  };
}

interface ErrorBody {
  /** RFC 9457 problem details, as the REST routes answer (server/src/protocols/rest/problem.ts). */
  readonly code?: unknown;
  readonly detail?: unknown;
  readonly issues?: unknown;
  readonly retryable?: unknown;
  readonly instance?: unknown;
  /** `{ error: { code, message, requestId } }`, as the download and resumable-upload routes answer. */
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly requestId?: unknown };
}

function parseBody(text: string): ErrorBody | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return body !== null && typeof body === 'object' ? (body as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A refusal from a route the typed client does not call for the app (REST, downloads, tus), as the
 * client's own error, so problemOf reads it like any other: its code, message, field issues and retry hint.
 */
export function errorFromResponse(status: number, text: string): GatepostClientError {
  const body = parseBody(text);
  if (typeof body?.code === 'string') {
    const issues = Array.isArray(body.issues) ? (body.issues as Issue[]) : [];
    const requestId = typeof body.instance === 'string' ? body.instance.replace(/^urn:gatepost:request:/, '') : undefined;
    const retryable = typeof body.retryable === 'boolean' ? body.retryable : undefined;
    return new GatepostClientError(String(body.detail ?? ''), body.code, status, issues, requestId, retryable);
  }
  const error = body?.error;
  if (typeof error?.code === 'string') {
    const requestId = typeof error.requestId === 'string' ? error.requestId : undefined;
    return new GatepostClientError(String(error.message ?? ''), error.code, status, [], requestId);
  }
  // No body of gatepost's own (a proxy's page, tus's plain-text refusals): what its status says.
  if (status === 413) return new GatepostClientError('The file is larger than the server takes.', 'PAYLOAD_TOO_LARGE', status);
  if (status >= 500)
    return new GatepostClientError(
      'The server could not answer just now. Try again in a moment.',
      'UNAVAILABLE',
      status,
      [],
      undefined,
      true,
    );
  return new GatepostClientError('The server refused this request.', 'UNEXPECTED_RESPONSE', status);
}
