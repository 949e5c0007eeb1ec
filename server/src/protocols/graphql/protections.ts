import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule, type GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface GraphQLProtectionOptions {
  /** Most calls per request. Aliases are how one operation batches, so a document may use twice as many. */
  readonly maxBatchCalls: number;
  readonly maxDepth: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  /** Answer introspection and suggest field names; off in production unless configured. */
  readonly introspection: boolean;
}

/**
 * Armor's validation rules throw by default, which graphql's validator does not catch: the
 * throw escapes as an ordinary GraphQL error and yoga answers 200. Reported into the
 * validation context instead, a rejection is a validation error like any other: 400 under
 * `application/graphql-response+json` (GraphQL-over-HTTP's request error), 200 under
 * `application/json`, as the spec asks for legacy clients.
 */
const reportedAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/**
 * GraphQL Armor's limits (depth, aliases, tokens, cost, directives) and, in production,
 * no introspection and no "Did you mean …?" suggestions that map the schema for an attacker.
 * Envelop plugins only — no yoga HTTP hooks — so the fast path applies them too.
 */
export function graphqlProtections(options: GraphQLProtectionOptions): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: options.maxDepth, ...reportedAsValidationError },
    // Twice the batch limit: a batch writer meets gatepost's own 413 naming MAX_BATCH_CALLS
    // first; an alias bomb far beyond it is refused here.
    maxAliases: { n: options.maxBatchCalls * 2, ...reportedAsValidationError },
    // Counted while parsing: a refusal is a parse error (400 under graphql-response+json).
    maxTokens: { n: options.maxTokens },
    costLimit: { maxCost: options.maxCost, ...reportedAsValidationError },
    maxDirectives: { n: 50, ...reportedAsValidationError },
    blockFieldSuggestion: { enabled: !options.introspection },
  });
  const plugins: Plugin[] = [...(armor.protect().plugins as Plugin[])];
  if (!options.introspection) plugins.push(useNoIntrospection());
  return plugins;
}

/** Refuses `__schema` / `__type` with graphql's own rule (yoga's plugin needs its HTTP hooks). */
function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
