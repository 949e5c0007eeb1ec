import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { JsonSchema } from './types';

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

/** Which side of the wire a schema describes: what a client sends, or what it receives (defaults applied, transforms run). */
export type Direction = 'input' | 'output';

export interface SchemaComponents {
  /**
   * The JSON Schema of a zod schema, zod's own (`z.toJSONSchema`). A schema named with
   * `.meta({ id })` (`Contact`) becomes a component and every use of it a `$ref` to it.
   */
  schemaOf(schema: z.ZodType, io: Direction): JsonSchema;
  /** Adds a component of the given name and answers a reference to it. */
  named(name: string, schema: JsonSchema): JsonSchema;
  /** Every component so far, by name. */
  all(): Record<string, JsonSchema>;
}

/**
 * Collects the document's `components.schemas` while operations are converted. zod writes each
 * named schema into the converted schema's `$defs`; they move to the components, where every
 * operation shares them. One name is one schema: a name used for two different schemas (the same
 * `id` read as input and as output, where a default makes them differ) is a start-up error naming
 * it, never one silently replacing the other.
 */
export function createSchemaComponents(): SchemaComponents {
  const components: Record<string, JsonSchema> = {};

  function add(name: string, schema: JsonSchema): void {
    const existing = components[name];
    if (existing !== undefined && !isDeepStrictEqual(existing, schema)) {
      throw new Error(`OpenAPI: two different schemas are named "${name}" (an input and an output that differ?); give one another id.`);
    }
    components[name] = schema;
  }

  return {
    schemaOf(schema, io) {
      const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', override: dropGraphQLHints });
      for (const [name, definition] of Object.entries($defs ?? {})) add(name, pointAtComponents(definition) as JsonSchema);
      return pointAtComponents(root) as JsonSchema;
    },
    named(name, schema) {
      add(name, schema);
      return { $ref: COMPONENTS + name };
    },
    all: () => ({ ...components }),
  };
}

/** `graphqlScalar: 'ID'` tells the GraphQL mapper which scalar to use; it means nothing to a REST client. */
function dropGraphQLHints({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  delete jsonSchema.graphqlScalar;
}

/** Rewrites zod's `#/$defs/Name` references to the components they move to. */
function pointAtComponents(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointAtComponents);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith(DEFS)
        ? COMPONENTS + value.slice(DEFS.length)
        : pointAtComponents(value),
    ]),
  );
}
