import type { AnyOperation } from './define';

/** `submitContact` → `SubmitContact`. */
export function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `contacts` → `contact`. Plain English plurals only; irregular ones set `graphqlName`. */
function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/**
 * The GraphQL field that serves an operation: `contacts.submit` → `submitContact`,
 * query `contacts.get` → `contact`, query `contacts.list` → `contacts`. Shared so the
 * server's schema and the client's generated documents can never disagree.
 */
export function graphqlFieldName(operation: AnyOperation): string {
  if (operation.graphqlName) return operation.graphqlName;
  const [domain = '', verb = ''] = operation.name.split('.');
  if (operation.kind === 'query' && verb === 'get') return singular(domain);
  if (operation.kind === 'query' && verb === 'list') return domain;
  return `${verb}${pascal(singular(domain))}`;
}

/** The input object type of a mutation's `input` argument: `submitContact` → `SubmitContactInput`. */
export function graphqlInputTypeName(operation: AnyOperation): string {
  return `${pascal(graphqlFieldName(operation))}Input`;
}
