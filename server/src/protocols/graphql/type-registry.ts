import { isInputObjectType, isObjectType } from 'graphql';
import type { GraphQLNamedType } from 'graphql';
import type { z } from 'zod';

type ZodSchema = z.core.$ZodType;

export interface TypeLocation {
  /** the operation name, e.g. 'contacts.submit' — used in error messages */
  readonly operation: string;
  /** the path inside the operation's input or output, e.g. ['input','address','city'] — used in error messages */
  readonly path: readonly (string | number)[];
  /** the GraphQL name to give an object or enum found here when it has no zod meta id */
  readonly typeName: string;
}

/** `contacts.submit: input.items[0].sku`: where a problem is, in the words of the contract. */
export function describeLocation(at: TypeLocation): string {
  const path = at.path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
  return path === '' ? at.operation : `${at.operation}: ${path}`;
}

/** A contract schema GraphQL cannot express; thrown while building the schema, never at request time. */
export class UnsupportedZodTypeError extends Error {
  override readonly name = 'UnsupportedZodTypeError';
  readonly location: TypeLocation;
  readonly zodType: string;

  constructor(at: TypeLocation, zodType: string, reason = 'which has no GraphQL mapping') {
    super(`${describeLocation(at)} has zod type "${zodType}", ${reason}`);
    this.location = at;
    this.zodType = zodType;
  }
}

/** The kinds of named type one zod schema can become; each kind is cached on its own. */
export type TypeKind = 'output object' | 'input object' | 'enum';

interface Claim {
  readonly schema: ZodSchema;
  readonly kind: TypeKind;
  readonly at: TypeLocation;
}

/**
 * Every named type one mapper built, by zod schema and by GraphQL name. GraphQL names are
 * global, so a second schema asking for a taken name fails here, naming both places, instead
 * of as graphql-js's anonymous "Schema must contain uniquely named types".
 */
export class TypeRegistry {
  private readonly built = new Map<TypeKind, Map<ZodSchema, GraphQLNamedType>>();
  private readonly claims = new Map<string, Claim>();

  /** The cached type of `kind` for `schema`, or the one `create` builds under `name`. */
  getOrCreate<T extends GraphQLNamedType>(kind: TypeKind, schema: ZodSchema, name: string, at: TypeLocation, create: () => T): T {
    const cache = this.cacheOf(kind);
    const cached = cache.get(schema);
    if (cached !== undefined) return cached as T;
    this.claim(name, { schema, kind, at });
    try {
      const type = create();
      // Cached before its fields are built, so a recursive (getter) schema finds itself.
      cache.set(schema, type);
      materialize(type);
      return type;
    } catch (error) {
      cache.delete(schema);
      this.claims.delete(name);
      throw error;
    }
  }

  /** The zod schema an input object type name was made from. */
  inputSchemaOf(typeName: string): ZodSchema | undefined {
    const claim = this.claims.get(typeName);
    return claim?.kind === 'input object' ? claim.schema : undefined;
  }

  private cacheOf(kind: TypeKind): Map<ZodSchema, GraphQLNamedType> {
    let cache = this.built.get(kind);
    if (cache === undefined) {
      cache = new Map();
      this.built.set(kind, cache);
    }
    return cache;
  }

  private claim(name: string, claim: Claim): void {
    const earlier = this.claims.get(name);
    if (earlier !== undefined) {
      throw new Error(
        `GraphQL type name "${name}" is claimed twice: by the ${earlier.kind} at ${describeLocation(earlier.at)} ` +
          `and by a different ${claim.kind} at ${describeLocation(claim.at)}; give one of them another meta id.`,
      );
    }
    this.claims.set(name, claim);
  }
}

/** Field thunks are resolved right away so mapping errors surface while the schema is built. */
function materialize(type: GraphQLNamedType): void {
  if (isObjectType(type) || isInputObjectType(type)) type.getFields();
}
