import { graphqlFieldName, listOperations, type AnyOperation, type ContractShape, type GatepostError } from '@gatepost/shared';
import { Kind, getOperationAST, parse, type DocumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { nestsDeeperThan } from '../../http/nesting-depth';
import { bulkItemsOf, itemsOfCall, limitRequestItems, type RequestItemLimits } from '../../pipeline/index';
import { rootFieldsOf } from './root-fields';

/** One operation of a GraphQL request, as it arrives (a JSON body, or a GET's query string). */
export interface GraphQLRequestParams {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
}

export interface GraphQLItemLimitOptions {
  readonly limits: RequestItemLimits;
  /** The parser's own bounds (MAX_NESTING_DEPTH, GRAPHQL_MAX_TOKENS): this parse runs before yoga's. */
  readonly maxNestingDepth: number;
  readonly maxTokens: number;
}

/** Documents parsed for counting, by source: clients send the same few documents again and again. */
const CACHED_DOCUMENTS = 1000;

/**
 * Counts the items of every call of a GraphQL request — each root field of each operation, a
 * bulk field the length of its `items` list, read from the document or its variables — and refuses
 * the request whole when they exceed MAX_ITEMS_PER_REQUEST. It runs at the route, before the fast
 * path and yoga, since a request array's operations only add up there.
 *
 * A document that does not parse, or names no operation, counts nothing here: yoga refuses it
 * with its own error next.
 */
export function createGraphQLItemLimit(contract: ContractShape, options: GraphQLItemLimitOptions) {
  const fields = new Map<string, AnyOperation>(
    listOperations(contract).map((operation) => [`${operation.kind}:${graphqlFieldName(operation)}`, operation]),
  );
  const documents = new Map<string, DocumentNode | null>();

  function documentOf(source: string): DocumentNode | null {
    let document = documents.get(source);
    if (document !== undefined) return document;
    document = parseBounded(source, options);
    if (documents.size >= CACHED_DOCUMENTS) documents.delete(documents.keys().next().value as string);
    documents.set(source, document);
    return document;
  }

  function itemsOfOperation(params: GraphQLRequestParams): number[] {
    if (typeof params.query !== 'string') return [];
    const document = documentOf(params.query);
    const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
    const operation = document && getOperationAST(document, operationName);
    if (!document || !operation) return [];
    const variables = isRecord(params.variables) ? params.variables : {};
    return rootFieldsOf(operation.selectionSet, document).flatMap((field) => {
      const contractOperation = fields.get(`${operation.operation}:${field.name.value}`);
      if (!contractOperation) return []; // __typename, or a field validation will refuse
      return [contractOperation.bulk ? bulkItemsOfField(field, operation, variables) : itemsOfCall(contractOperation, undefined)];
    });
  }

  return function graphqlItemLimitError(operations: readonly GraphQLRequestParams[]): GatepostError | undefined {
    return limitRequestItems(operations.flatMap(itemsOfOperation), options.limits);
  };
}

function parseBounded(source: string, options: GraphQLItemLimitOptions): DocumentNode | null {
  if (nestsDeeperThan(source, options.maxNestingDepth)) return null;
  try {
    return parse(source, { noLocation: true, maxTokens: options.maxTokens });
  } catch {
    return null;
  }
}

/** The length of a bulk field's `input.items`, given inline or through variables; a lone value is a list of one (GraphQL spec §3.11). */
export function bulkItemsOfField(field: FieldNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const input = field.arguments?.find((argument) => argument.name.value === 'input')?.value;
  const inputValue = resolve(input, operation, variables);
  if (inputValue?.kind === 'json') return bulkItemsOf(inputValue.value)?.length ?? 1;
  if (inputValue?.kind !== 'node' || inputValue.node.kind !== Kind.OBJECT) return 1;
  const items = resolve(inputValue.node.fields.find((objectField) => objectField.name.value === 'items')?.value, operation, variables);
  if (items?.kind === 'json') return Array.isArray(items.value) ? items.value.length : 1;
  return items?.kind === 'node' && items.node.kind === Kind.LIST ? items.node.values.length : 1;
}

type Resolved = { readonly kind: 'node'; readonly node: ValueNode } | { readonly kind: 'json'; readonly value: unknown } | undefined;

/** A literal as itself; a variable as the value sent for it, else its default. */
function resolve(value: ValueNode | undefined, operation: OperationDefinitionNode, variables: Record<string, unknown>): Resolved {
  if (!value) return undefined;
  if (value.kind !== Kind.VARIABLE) return { kind: 'node', node: value };
  const name = value.name.value;
  if (name in variables) return { kind: 'json', value: variables[name] };
  const fallback = operation.variableDefinitions?.find((definition) => definition.variable.name.value === name)?.defaultValue;
  return fallback ? { kind: 'node', node: fallback } : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
