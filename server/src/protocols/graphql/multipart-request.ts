import { graphqlInputTypeName, refusal, type GatepostError, type InputSchema } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Kind, parse, type TypeNode } from 'graphql';
import { fileRulesAt } from '../../files/file-rules';
import type { FileUploads } from '../../files/file-uploads';
import type { FileDestination, FormEntries, UploadPlan } from '../../files/receive-multipart';
import type { ContractSchema } from './build-schema';

export type GraphQLMultipart = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly error: GatepostError };

/** What the upload path needs to know of the schema: each mutation's input type, by its GraphQL name. */
export function inputSchemasByTypeName(contractSchema: ContractSchema): ReadonlyMap<string, InputSchema> {
  return new Map(
    [...contractSchema.rootOperations.mutation.values()].map((operation) => [graphqlInputTypeName(operation), operation.input]),
  );
}

/**
 * A request in the GraphQL multipart request spec (jaydenseric/graphql-multipart-request-spec,
 * what Apollo Upload Client and urql send): an `operations` field (the JSON request, files as
 * nulls), a `map` field (`{ "0": ["variables.input.file"] }`), then the files. Read by the
 * streaming path every protocol's uploads take; each file is checked, as it arrives, against the
 * `file()` field its map path reaches through the variable's contract input type (a variable typed
 * `Upload` directly is held to the request's limit here, and to its field's rules by the pipeline).
 * The answer is the JSON request with each file in its place; a map that points at no variable, a
 * file the map names but the request did not carry, or a file the map does not name is a 400.
 */
export async function receiveGraphQLMultipart(
  request: FastifyRequest,
  reply: FastifyReply,
  uploads: FileUploads,
  inputSchemas: ReadonlyMap<string, InputSchema>,
): Promise<GraphQLMultipart> {
  let parts: { operations: unknown; map: Record<string, string[]> } | GatepostError | undefined;
  const partsOf = (fields: FormEntries) => (parts ??= readOperationsAndMap(fields));
  const plan: UploadPlan = {
    fileField(name, fields) {
      const read = partsOf(fields);
      if (read instanceof Error) return read;
      const paths = read.map[name];
      if (!paths) return invalid(`the file part "${name}" is not named in map`);
      return destinationOf(read.operations, paths[0] ?? '', inputSchemas);
    },
    async beforeFirstFile(fields) {
      const read = partsOf(fields);
      return read instanceof Error ? read : undefined;
    },
  };
  const received = await uploads.receive(request, reply, plan);
  if (!received.ok) return received;
  const read = partsOf(received.fields);
  if (read instanceof Error) return { ok: false, error: read };
  const files = new Map(received.fields.filter((entry) => typeof entry[1] !== 'string'));
  for (const [name, paths] of Object.entries(read.map)) {
    const file = files.get(name);
    if (!file) return { ok: false, error: invalid(`map names the file "${name}", which the request did not carry`) };
    for (const path of paths) {
      if (!placeAt(read.operations, path, file))
        return { ok: false, error: invalid(`map path "${path}" points at no null variable value`) };
    }
  }
  return { ok: true, body: read.operations };
}

function invalid(why: string): GatepostError {
  return refusal('GRAPHQL_MULTIPART_INVALID', [why]);
}

/** `operations` and `map`, which the spec sends before any file, parsed and checked. */
function readOperationsAndMap(fields: FormEntries): { operations: unknown; map: Record<string, string[]> } | GatepostError {
  const text = (name: string) => fields.find(([field]) => field === name)?.[1];
  const operationsText = text('operations');
  const mapText = text('map');
  if (typeof operationsText !== 'string' || typeof mapText !== 'string')
    return invalid('the fields operations and map must come first, before any file');
  let operations: unknown;
  let map: unknown;
  try {
    operations = JSON.parse(operationsText);
    map = JSON.parse(mapText);
  } catch {
    return invalid('operations and map must be JSON');
  }
  const isPathList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((path) => typeof path === 'string');
  if (typeof map !== 'object' || map === null || Array.isArray(map) || !Object.values(map).every(isPathList)) {
    return invalid('map must be an object of file names to lists of paths');
  }
  return { operations, map: map as Record<string, string[]> };
}

/** Where a map path leads: its variable's contract input type, then the field under it. */
function destinationOf(operations: unknown, path: string, inputSchemas: ReadonlyMap<string, InputSchema>): FileDestination {
  const segments = path.split('.');
  const [first] = segments;
  const operation = /^\d+$/.test(first ?? '') && Array.isArray(operations) ? (operations[Number(first)] as unknown) : operations;
  const rest = operation === operations ? segments : segments.slice(1);
  const [where, variable, ...inside] = rest;
  const fieldPath = inside.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const anyFile: FileDestination = { path: [variable ?? path, ...fieldPath], rules: { maxBytes: Number.POSITIVE_INFINITY } };
  if (where !== 'variables' || !variable) return anyFile;
  const schema = inputSchemas.get(variableTypeName(operation, variable) ?? '');
  const rules = schema && fileRulesAt(schema, fieldPath);
  return rules ? { path: fieldPath, rules } : anyFile;
}

/** The named type of `$variable` in the request's document (`UploadFileInput` for `$input: UploadFileInput!`). */
function variableTypeName(operation: unknown, variable: string): string | undefined {
  const query = (operation as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') return undefined;
  try {
    for (const definition of parse(query).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const found = definition.variableDefinitions?.find((candidate) => candidate.variable.name.value === variable);
      if (found) return namedType(found.type);
    }
  } catch {
    // An unparseable document is the GraphQL layer's to refuse, with its own error.
  }
  return undefined;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** Puts `file` where `path` says, replacing the null the spec has there; false when there is no such null. */
function placeAt(operations: unknown, path: string, file: unknown): boolean {
  const segments = path.split('.');
  const last = segments.pop();
  let node: unknown = operations;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null || last === undefined || !Object.hasOwn(node, last)) return false;
  if ((node as Record<string, unknown>)[last] !== null) return false;
  (node as Record<string, unknown>)[last] = file;
  return true;
}
