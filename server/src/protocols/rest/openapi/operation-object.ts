import { graphqlInputTypeName, idempotencyRuleOf, type AnyOperation, type ErrorCode, type RestRoute } from '@gatepost/shared';
import { REST_PREFIX } from '../route';
import { refusalCodesOf, refusalResponseRef, statusesOf } from './error-responses';
import { REQUEST_EXAMPLES } from './request-examples';
import type { SchemaComponents } from './schema-components';
import { securityOf } from './security';
import type { HeaderObject, JsonSchema, OperationObject, ParameterObject, Reference, RequestBodyObject, ResponseObject } from './types';

/** What a POST body may be sent as; both are parsed by the operation's one schema. */
const BODY_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

export interface DescribedOperation {
  readonly path: string;
  readonly method: 'get' | 'post';
  readonly operation: OperationObject;
  /** The catalog codes it can refuse with, for the document's shared refusal responses. */
  readonly refusals: readonly ErrorCode[];
}

/**
 * One REST route of the contract as an OpenAPI operation: its path and query parameters and its
 * body, all cut from the operation's one input schema (as route.ts reads them); its success, with
 * `Location` for a created resource; its refusals; who may call it; its Idempotency-Key.
 */
export function describeOperation(operation: AnyOperation, rest: RestRoute, schemas: SchemaComponents): DescribedOperation {
  const input = schemas.schemaOf(operation.input, 'input');
  const pathNames = [...rest.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const parameters: (ParameterObject | Reference)[] = pathNames.map((name) => parameterOf(input, name, 'path'));
  const rule = idempotencyRuleOf(operation);
  if (rule !== 'none')
    parameters.push({ $ref: `#/components/parameters/${rule === 'required' ? 'IdempotencyKeyRequired' : 'IdempotencyKeyOptional'}` });
  const carried = fieldsOtherThan(input, pathNames);
  let requestBody: RequestBodyObject | undefined;
  if (rest.method === 'GET') {
    parameters.push(...Object.keys(propertiesOf(carried)).map((name) => parameterOf(carried, name, 'query')));
  } else if (Object.keys(propertiesOf(carried)).length > 0) {
    requestBody = bodyOf(operation, schemas.named(graphqlInputTypeName(operation), carried));
  }
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

function bodyOf(operation: AnyOperation, schema: JsonSchema): RequestBodyObject {
  const example = REQUEST_EXAMPLES.get(operation.name);
  // An example keyed by the name of another contract's operation shows only if this schema accepts it.
  const shown = example !== undefined && operation.input.safeParse(example).success ? { example } : {};
  return { required: true, content: Object.fromEntries(BODY_MEDIA_TYPES.map((type) => [type, { schema, ...shown }])) };
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

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

function requiredOf(schema: JsonSchema): string[] {
  return (schema.required ?? []) as string[];
}

/** The input's JSON Schema less the fields the path fills: what the body or query string carries. */
function fieldsOtherThan(input: JsonSchema, names: readonly string[]): JsonSchema {
  const properties = Object.fromEntries(Object.entries(propertiesOf(input)).filter(([name]) => !names.includes(name)));
  const required = requiredOf(input).filter((name) => !names.includes(name));
  const { required: _required, ...rest } = input;
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

function parameterOf(object: JsonSchema, name: string, where: 'path' | 'query'): ParameterObject {
  const { description, ...schema } = propertiesOf(object)[name] ?? {};
  return {
    name,
    in: where,
    // OpenAPI 3.1 §4.8.12.2: a path parameter is always required.
    required: where === 'path' || requiredOf(object).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  };
}

/** `anyOf: [X, { type: 'null' }]` → `X`. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf;
  if (!Array.isArray(branches)) return schema;
  const kept = (branches as JsonSchema[]).filter((branch) => branch.type !== 'null');
  return kept.length === 1 && kept[0] ? kept[0] : { ...schema, anyOf: kept };
}
