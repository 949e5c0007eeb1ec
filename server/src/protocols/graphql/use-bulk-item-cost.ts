import {
  GraphQLError,
  Kind,
  getOperationAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bulkItemsOfField } from './item-limit';
import { rootFieldsOf } from './root-fields';

/**
 * GraphQL Armor's cost model (graphql-armor-cost-limit 2.x, its defaults): a scalar costs 1, an
 * object 2 plus 1.5 × each child, a fragment spread 1 plus 1.5 × the fragment; a `first`/`last`
 * argument multiplies an object's cost. Restated here because Armor's rule cannot see variables.
 */
const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_COST_FACTOR = 1.5;

/**
 * Armor's cost limit (GRAPHQL_MAX_COST) runs during validation, which sees the document but not
 * its variables, and yoga caches its verdict per document: `submitManyContacts(input: $input)`
 * costs the same for 1 item as for 1,000. This hook runs per request, at execution, and counts a
 * bulk field's cost once per item — as the list it returns has one entry per item — the way Armor
 * multiplies by `first`. Over the limit, it answers as Armor's own rejection does (a validation
 * error: 400 under application/graphql-response+json, 200 under application/json).
 */
export function useBulkItemCost(options: { readonly maxCost: number; readonly bulkFields: ReadonlySet<string> }): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const multipliers = new Map<FieldNode, number>();
      for (const field of rootFieldsOf(operation.selectionSet, args.document)) {
        if (options.bulkFields.has(field.name.value)) multipliers.set(field, bulkItemsOfField(field, operation, variables));
      }
      if (multipliers.size === 0) return;
      const cost = costOf(operation.selectionSet.selections, args.document, multipliers);
      if (cost <= options.maxCost) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`Syntax Error: Query Cost limit of ${options.maxCost} exceeded, found ${cost}.`, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } },
          }),
        ],
      });
    },
  };
}

/** The cost of an operation's root selections, as Armor computes it, each bulk field times its items. */
function costOf(selections: readonly SelectionNode[], document: DocumentNode, multipliers: ReadonlyMap<FieldNode, number>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();
  const selectionCost = (node: SelectionNode | FragmentDefinitionNode): number => {
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      let cost = fragmentCosts.get(node.name.value);
      if (cost === undefined) {
        const fragment = fragments.get(node.name.value);
        cost = fragment ? selectionCost(fragment) : 0;
        fragmentCosts.set(node.name.value, cost);
      }
      return SCALAR_COST + DEPTH_COST_FACTOR * cost;
    }
    if (!node.selectionSet) return SCALAR_COST;
    let cost = OBJECT_COST;
    for (const child of node.selectionSet.selections) cost += DEPTH_COST_FACTOR * selectionCost(child);
    return cost * (node.kind === Kind.FIELD ? multiplierOf(node, multipliers) : 1);
  };
  return selections.reduce((total, selection) => total + selectionCost(selection), 0);
}

function multiplierOf(field: FieldNode, multipliers: ReadonlyMap<FieldNode, number>): number {
  const items = multipliers.get(field);
  if (items !== undefined) return Math.max(items, 1);
  const page = field.arguments?.find((argument) => argument.name.value === 'first' || argument.name.value === 'last')?.value;
  return page?.kind === Kind.INT ? Math.max(Number.parseInt(page.value, 10) || 1, 1) : 1;
}
