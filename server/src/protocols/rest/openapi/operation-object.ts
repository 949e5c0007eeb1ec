import { idempotencyRuleOf, type AnyOperation, type ErrorCode, type RestRoute } from '@gatepost/shared';
import { REST_PREFIX } from '../route';
import { refusalCodesOf, refusalResponseRef, statusesOf } from './error-responses';
import { requestPartsOf } from './request-parts';
import type { SchemaComponents } from './schema-components';
import { securityOf } from './security';
import type { HeaderObject, JsonSchema, OperationObject, Reference, ResponseObject } from './types';

export interface DescribedOperation {
  readonly path: string;
  readonly method: 'get' | 'post';
  readonly operation: OperationObject;
  /** The catalog codes it can refuse with, for the document's shared refusal responses. */
  readonly refusals: readonly ErrorCode[];
}

/**
 * One REST route of the contract as an OpenAPI operation, named by the operation (`operationId`
 * `orders.place`, tagged with its domain): who may call it, what its request carries, its success
 * (with `Location` for a created resource) and the statuses it can refuse with.
 */
export function describeOperation(operation: AnyOperation, rest: RestRoute, schemas: SchemaComponents): DescribedOperation {
  const { parameters, requestBody } = requestPartsOf(operation, rest, schemas);
  const refusals = refusalCodesOf(operation);
  const [domain = operation.name] = operation.name.split('.');
  return {
    path: REST_PREFIX + rest.path,
    method: rest.method === 'GET' ? 'get' : 'post',
    refusals,
    operation: {
      operationId: operation.name,
      summary: operation.name,
      description: operation.description,
      tags: [domain],
      security: securityOf(operation.auth),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(rest.status ?? 200)]: successOf(operation, rest, schemas),
        ...Object.fromEntries(statusesOf(refusals).map((status) => [String(status), refusalResponseRef(status)])),
      },
    },
  };
}

/**
 * The success answer. A read at a path answers 404 instead of null (route.ts), so its schema drops
 * the null; `auth.me`'s null (the operator key is no user) stays.
 */
function successOf(operation: AnyOperation, rest: RestRoute, schemas: SchemaComponents): ResponseObject {
  const output = schemas.schemaOf(operation.output, 'output');
  const schema = rest.path.includes('{') ? withoutNull(output) : output;
  const headers: Record<string, HeaderObject | Reference> = {};
  if (rest.location) {
    headers.Location = {
      description: `Where the created resource is read back: \`${REST_PREFIX}${rest.location}\`.`,
      required: true,
      schema: { type: 'string', format: 'uri-reference' },
    };
  }
  if (idempotencyRuleOf(operation) !== 'none') headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
  return {
    description: rest.status === 201 ? 'Created.' : 'OK.',
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/json': { schema } },
  };
}

/** `anyOf: [X, { type: 'null' }]` → `X`. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf;
  if (!Array.isArray(branches)) return schema;
  const kept = (branches as JsonSchema[]).filter((branch) => branch.type !== 'null');
  return kept.length === 1 && kept[0] ? kept[0] : { ...schema, anyOf: kept };
}
