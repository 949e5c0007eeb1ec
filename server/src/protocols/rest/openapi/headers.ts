import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../../idempotency/key-header';
import type { HeaderObject, ParameterObject } from './types';

const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH, pattern: '^[\\x21-\\x7e]+$' };

const IDEMPOTENCY_KEY_MEANING =
  'A new unique key (a UUID) for each new request, and the same key when retrying it: a retry is answered with the stored result (`Idempotent-Replayed: true`) instead of running again. The same key with another body is refused 422.';

/** The Idempotency-Key request header, as each rule of the contract has it (`required` refuses a request without it). */
export const IDEMPOTENCY_KEY_PARAMETERS = {
  IdempotencyKeyRequired: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: `Required. ${IDEMPOTENCY_KEY_MEANING}`,
    schema: IDEMPOTENCY_KEY_SCHEMA,
  },
  IdempotencyKeyOptional: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: `Optional. ${IDEMPOTENCY_KEY_MEANING}`,
    schema: IDEMPOTENCY_KEY_SCHEMA,
  },
} as const satisfies Record<string, ParameterObject>;

export const RESPONSE_HEADERS = {
  IdempotentReplayed: {
    description:
      'Present, and `true`, when this answer is the stored result of an earlier request with the same Idempotency-Key: nothing ran again.',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: {
    description: 'Seconds to wait before sending the request again (RFC 9110 §10.2.3).',
    schema: { type: 'integer', minimum: 0 },
  },
} as const satisfies Record<string, HeaderObject>;
