import { z } from 'zod';

/** A node of the JSON Schema zod writes (`z.toJSONSchema`): all the GraphQL mapper reads of a contract schema. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** Which side of a schema GraphQL sees: what clients send (`io: 'input'`), or what resolvers return. */
export type Direction = 'input' | 'output';

/** A contract schema as JSON Schema, with what the mapper needs beyond it. */
export interface JsonSchemaField {
  /**
   * The schema's node, seen as the only property of an object: JSON Schema says a value may be
   * left out (optional, or defaulted on input) only in its parent's `required`.
   */
  readonly node: JsonSchema;
  readonly required: boolean;
  /** The `$defs` entry a `$ref` points at, and its meta id when it has one. */
  resolve(ref: string): { readonly node: JsonSchema; readonly id?: string };
  /**
   * The zod schema that wrote `node`, the innermost one under optional, default and pipe: the identity
   * named types are cached by, and what an input type's raw value is re-validated with.
   */
  sourceOf(node: JsonSchema): z.core.$ZodType | undefined;
}

/** Where `override` notes on each node which zod schema wrote it: an index into this conversion's sources. */
const SOURCE = 'x-gatepost-source';

const DEFS = '#/$defs/';

/** The keys zod makes up for `$defs` that break a cycle of schemas without a meta id; every other key is a meta id. */
const MADE_UP_DEF = /^__schema\d+$/;

export function jsonSchemaField(schema: z.core.$ZodType, direction: Direction): JsonSchemaField {
  const sources: z.core.$ZodType[] = [];
  const document = convert(schema, direction, sources);
  // Output types print no defaults, so only inputs pay for the second conversion.
  if (direction === 'input') dropUnstableDefaults(document, convert(schema, direction, []));
  const node = asNode(document.properties?.field) ?? {};
  return {
    node,
    required: document.required?.includes('field') ?? false,
    resolve(ref) {
      const key = ref.startsWith(DEFS) ? ref.slice(DEFS.length) : undefined;
      const target = key === undefined ? undefined : asNode(document.$defs?.[key]);
      if (key === undefined || target === undefined) throw new Error(`JSON Schema reference "${ref}" points nowhere`);
      return MADE_UP_DEF.test(key) ? { node: target } : { node: target, id: key };
    },
    sourceOf(of) {
      const index = of[SOURCE];
      return typeof index === 'number' ? sources[index] : undefined;
    },
  };
}

function convert(schema: z.core.$ZodType, io: Direction, sources: z.core.$ZodType[]): JsonSchema {
  return z.toJSONSchema(z.object({ field: schema }), {
    io,
    // A type JSON Schema cannot describe (z.date(), a transform's output) becomes `{}` marked with its
    // source, so the mapper refuses it in its own words, naming the operation and the path.
    unrepresentable: 'any',
    // zod calls this for a wrapper after the schema it wraps, and copies the inner node's keys into the
    // wrapper's: `??=` keeps the innermost schema's mark through optional, default and pipe.
    override: ({ zodSchema, jsonSchema }) => {
      jsonSchema[SOURCE] ??= sources.push(zodSchema) - 1;
    },
  });
}

/**
 * A default computed anew on each parse (an id, a clock) differs between two conversions: there is no
 * one value to show, and printing one would make the SDL change on every run.
 */
function dropUnstableDefaults(node: unknown, again: unknown): void {
  if (typeof node !== 'object' || node === null || typeof again !== 'object' || again === null) return;
  const record = node as Record<string, unknown>;
  const other = again as Record<string, unknown>;
  if ('default' in record && JSON.stringify(record.default) !== JSON.stringify(other.default)) delete record.default;
  for (const key of Object.keys(record)) if (key !== 'default') dropUnstableDefaults(record[key], other[key]);
}

/** A subschema as a node; `true`/`false` schemas (a tuple's `items: false`) are no node. */
export function asNode(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}
