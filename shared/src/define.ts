import { z } from 'zod';
import type { ErrorCode } from './errors';

/** Who may call an operation. Checked by the pipeline for every protocol and every call of a batch. */
export type AuthLevel = 'public' | 'user' | 'admin';

export type OperationKind = 'mutation' | 'query';

/**
 * Whether a mutation takes an `Idempotency-Key` header: `required` (refused without one: an
 * order must never be charged twice), `optional` (honoured when sent), or `none` (ignored:
 * sign-in, whose replay could not set the session cookie again, or a secret shown only once).
 */
export type IdempotencyRule = 'required' | 'optional' | 'none';

/** Every operation takes one object as input: tRPC's input, GraphQL's `input` argument (or a query's arguments). */
export type InputSchema = z.ZodObject;

export interface OperationSpec<Name extends string, Input extends InputSchema, Output extends z.ZodType> {
  /** Dotted path, `domain.verb`: the tRPC procedure path and the name in logs. */
  readonly name: Name;
  /** Shown in GraphiQL's docs and in the printed SDL. */
  readonly description: string;
  readonly auth: AuthLevel;
  readonly input: Input;
  readonly output: Output;
  /** GraphQL field name; by default `submitContact` for `contacts.submit` and `contact` for the query `contacts.get`. */
  readonly graphqlName?: string;
  /**
   * A bulk operation: its input is `{ items: [...] }` and all items are written together or
   * not at all. The server refuses more items than its MAX_BULK_ITEMS before validating them.
   */
  readonly bulk?: true;
  /**
   * A sensitive operation (sign-in): attempts are limited per client IP and this input field
   * (e.g. `email`), so guessing one account's password is slow from any one address.
   */
  readonly rateLimit?: { readonly by: string };
  /** Mutations only. @default 'optional' */
  readonly idempotency?: IdempotencyRule;
  /** Where the operation is served as REST, under `/api`; absent: not served as REST. */
  readonly rest?: RestRoute;
  /**
   * Catalog codes the handler itself answers with (a row the input names is missing, a conflict with
   * existing data, a declined payment), beyond those the pipeline may answer for any call. They are
   * part of the operation's interface, as oRPC's `.errors()` are: the OpenAPI document lists them.
   */
  readonly errors?: readonly ErrorCode[];
}

/**
 * An operation's REST route. Its input is the request's body (POST), query string (GET) and
 * path parameters together, parsed by the operation's one schema.
 */
export interface RestRoute {
  readonly method: 'GET' | 'POST';
  /** Under `/api`, with `{name}` for a path parameter that fills the input field of that name: `/contacts/{id}`. */
  readonly path: string;
  /** The status of a success. @default 200 */
  readonly status?: 200 | 201;
  /** Where the created resource is read back (the `Location` header of a 201), `{name}` filled from the output: `/contacts/{id}`. */
  readonly location?: string;
}

export interface Operation<
  Kind extends OperationKind = OperationKind,
  Name extends string = string,
  Input extends InputSchema = InputSchema,
  Output extends z.ZodType = z.ZodType,
> extends OperationSpec<Name, Input, Output> {
  readonly kind: Kind;
}

export type Mutation<
  Name extends string = string,
  Input extends InputSchema = InputSchema,
  Output extends z.ZodType = z.ZodType,
> = Operation<'mutation', Name, Input, Output>;
export type Query<Name extends string = string, Input extends InputSchema = InputSchema, Output extends z.ZodType = z.ZodType> = Operation<
  'query',
  Name,
  Input,
  Output
>;

export type AnyOperation = Operation<OperationKind, string, InputSchema, z.ZodType>;

/** A write: served as a tRPC mutation and a GraphQL mutation, both over POST. */
export function defineMutation<const Name extends string, Input extends InputSchema, Output extends z.ZodType>(
  spec: OperationSpec<Name, Input, Output>,
): Mutation<Name, Input, Output> {
  return { ...spec, kind: 'mutation' };
}

/** A read: served as a tRPC query (GET) and a GraphQL query field, mainly to read writes back. */
export function defineQuery<const Name extends string, Input extends InputSchema, Output extends z.ZodType>(
  spec: OperationSpec<Name, Input, Output>,
): Query<Name, Input, Output> {
  return { ...spec, kind: 'query' };
}

/** Operations grouped by domain: `{ contacts: { submit, get }, users: { create, get } }`. */
export type ContractShape = Readonly<Record<string, Readonly<Record<string, AnyOperation>>>>;

/**
 * Groups domains into the contract every side shares. The nesting is the tRPC path, so it
 * must agree with each operation's `name`; a mismatch is a start-up error, not a silent alias.
 */
export function defineContract<const Shape extends ContractShape>(shape: Shape): Shape {
  for (const [domain, operations] of Object.entries(shape)) {
    for (const [verb, operation] of Object.entries(operations)) {
      const path = `${domain}.${verb}`;
      if (operation.name !== path) {
        throw new Error(`Contract: the operation at "${path}" is named "${operation.name}"; the name must equal its path.`);
      }
    }
  }
  return shape;
}

/** How a mutation treats an `Idempotency-Key`; queries are safe to repeat and take none. */
export function idempotencyRuleOf(operation: AnyOperation): IdempotencyRule {
  return operation.kind === 'mutation' ? (operation.idempotency ?? 'optional') : 'none';
}

/** Every operation of a contract, in declaration order. */
export function listOperations(contract: ContractShape): AnyOperation[] {
  return Object.values(contract).flatMap((operations) => Object.values(operations));
}

/** An entity id: a UUID on the wire, the GraphQL `ID` scalar in the schema. */
export function entityId() {
  return z.uuid().meta({ graphqlScalar: 'ID' });
}

/** The largest number of items any bulk operation may carry; servers may set a lower limit. */
export const MAX_BULK_ITEMS = 1000;

/** The input of a bulk operation: 1 to MAX_BULK_ITEMS items of one schema. */
export function bulkItems<Item extends z.ZodType>(item: Item) {
  return z.strictObject({ items: z.array(item).min(1).max(MAX_BULK_ITEMS) });
}

/** A point in time, as an ISO 8601 string with offset: JSON-safe, the GraphQL `DateTime` scalar. */
export function timestamp() {
  return z.iso.datetime({ offset: true });
}
