import { graphqlInputTypeName, idempotencyRuleOf, type AnyOperation, type RestRoute } from '@gatepost/shared';
import { z } from 'zod';
import { REQUEST_EXAMPLES } from './request-examples';
import type { SchemaComponents } from './schema-components';
import type { JsonSchema, ParameterObject, Reference, RequestBodyObject } from './types';

/** What a POST body may be sent as; each is parsed by the operation's one schema. */
const TEXT_BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'];
/** The one body type that carries files (a `file()` field is `format: binary`). */
const MULTIPART = 'multipart/form-data';

export interface RequestParts {
  readonly parameters: (ParameterObject | Reference)[];
  readonly requestBody?: RequestBodyObject;
}

/**
 * What a request of the route carries, cut from the operation's one input schema as route.ts
 * reads it: the fields named in the path are path parameters, the others the query string (GET) or
 * the body (POST); the Idempotency-Key header is as the contract's rule has it.
 */
export function requestPartsOf(operation: AnyOperation, rest: RestRoute, schemas: SchemaComponents): RequestParts {
  const input = schemas.schemaOf(operation.input, 'input');
  const pathNames = [...rest.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const carried = withoutFields(input, pathNames);
  const parameters: (ParameterObject | Reference)[] = pathNames.map((name) => parameterOf(input, name, 'path'));
  const rule = idempotencyRuleOf(operation);
  if (rule !== 'none') {
    parameters.push({ $ref: `#/components/parameters/${rule === 'required' ? 'IdempotencyKeyRequired' : 'IdempotencyKeyOptional'}` });
  }
  const fields = Object.keys(propertiesOf(carried));
  if (rest.method === 'GET') return { parameters: [...parameters, ...fields.map((name) => parameterOf(carried, name, 'query'))] };
  // A POST whose path carries its whole input (bookings.cancel) takes no body.
  if (fields.length === 0) return { parameters };
  return { parameters, requestBody: bodyOf(operation, schemas.named(graphqlInputTypeName(operation), carried)) };
}

function bodyOf(operation: AnyOperation, schema: JsonSchema): RequestBodyObject {
  const example = REQUEST_EXAMPLES.get(operation.name);
  // An example keyed by the name of another contract's operation shows only if this schema accepts it.
  const shown = example !== undefined && operation.input.safeParse(example).success ? { example } : {};
  // A required file can only travel as multipart; an optional one may, and the text types still carry the rest.
  const files = Object.entries(propertiesOf(schemaWithProperties(operation))).filter(([, field]) => field.format === 'binary');
  const fileRequired = files.some(([name]) => requiredOf(schemaWithProperties(operation)).includes(name));
  const content: Record<string, RequestBodyObject['content'][string]> = {};
  if (!fileRequired) for (const type of TEXT_BODY_TYPES) content[type] = { schema, ...shown };
  if (files.length > 0) content[MULTIPART] = { schema };
  return { required: true, content };
}

/** The input's own JSON Schema (not a reference to it), to read its fields' formats. */
function schemaWithProperties(operation: AnyOperation): JsonSchema {
  return z.toJSONSchema(operation.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

function requiredOf(schema: JsonSchema): string[] {
  return (schema.required ?? []) as string[];
}

/** An object's JSON Schema less some of its fields. */
function withoutFields(object: JsonSchema, names: readonly string[]): JsonSchema {
  const properties = Object.fromEntries(Object.entries(propertiesOf(object)).filter(([name]) => !names.includes(name)));
  const required = requiredOf(object).filter((name) => !names.includes(name));
  const { required: _required, ...rest } = object;
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
