import { graphqlFieldName, graphqlInputTypeName, pascal, type AnyOperation } from '@gatepost/shared';
import { z } from 'zod';

/**
 * Builds the GraphQL document for one contract operation: every output field selected, the
 * input passed as variables (never spliced into the text). Mirrors the server's naming rules,
 * which live in @gatepost/shared so both sides agree.
 */
export function documentFor(operation: AnyOperation): string {
  const field = graphqlFieldName(operation);
  const selection = selectionOf(operation.output, operation.name);
  const entries = Object.entries(operation.input.shape);
  if (operation.kind === 'mutation') {
    if (entries.length === 0) return `mutation ${pascal(field)} { ${field}${selection} }`;
    return `mutation ${pascal(field)}($input: ${graphqlInputTypeName(operation)}!) { ${field}(input: $input)${selection} }`;
  }
  const variables = entries.map(([key, schema]) => `$${key}: ${scalarTypeOf(schema, `${operation.name}: ${key}`)}`).join(', ');
  const args = entries.map(([key]) => `${key}: $${key}`).join(', ');
  return entries.length === 0
    ? `query ${pascal(field)} { ${field}${selection} }`
    : `query ${pascal(field)}(${variables}) { ${field}(${args})${selection} }`;
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodDefault) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodArray) {
      inner = inner.element as z.ZodType;
    } else {
      return { inner, optional };
    }
  }
}

function selectionOf(schema: z.ZodType, where: string): string {
  const { inner } = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) {
    if (inner instanceof z.ZodUnion) throw new Error(`${where}: a union output needs a hand-written document; use graphql.request().`);
    return '';
  }
  const fields = Object.entries(inner.shape as Record<string, z.ZodType>).map(
    ([key, child]) => `${key}${selectionOf(child, `${where}.${key}`)}`,
  );
  return ` { ${fields.join(' ')} }`;
}

/** Query arguments are scalars in gatepost's contract; anything richer belongs in a mutation input. */
function scalarTypeOf(schema: z.ZodType, where: string): string {
  const { inner, optional } = unwrap(schema);
  const suffix = optional ? '' : '!';
  const meta = z.globalRegistry.get(inner) as { graphqlScalar?: string } | undefined;
  if (meta?.graphqlScalar) return `${meta.graphqlScalar}${suffix}`;
  if (inner instanceof z.ZodString) return `String${suffix}`;
  if (inner instanceof z.ZodBoolean) return `Boolean${suffix}`;
  if (inner instanceof z.ZodNumber) return `${inner.isInt ? 'Int' : 'Float'}${suffix}`;
  throw new Error(`${where}: the typed GraphQL helper supports scalar query arguments only; use graphql.request().`);
}
