import { GatepostClientError, TRPCClientError, type GatepostTrpcErrorShape } from '@gatepost/client';

/** A failed call, as the app shows it, whichever protocol carried it. */
export interface Problem {
  /** The catalog code (`VALIDATION_FAILED`, `PAYMENT_DECLINED`, …), or `NETWORK` when no answer came. */
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
