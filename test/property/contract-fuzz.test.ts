import { tables } from '@gatepost/db';
import { contract, listOperations, type AnyOperation } from '@gatepost/shared';
import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signUp } from '../auth/helpers';
import { forEachDatabase, type TestDatabase } from '../helpers/databases';
import { callOperation, issuePaths, type CallResult } from '../helpers/protocols';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { mutationFixtures } from '../parity/fixtures';

/** Inputs tried per operation; the seed is printed on failure, so a run can be replayed. */
const RUNS_PER_OPERATION = 40;

/** Codes that mean the server failed, not the input: never acceptable for any input. */
const SERVER_FAILURES = new Set(['INTERNAL', 'UNAVAILABLE', 'UNKNOWN']);

const operations = listOperations(contract);

/** Every value JSON can carry, with the awkward ones over-represented: NUL bytes, lone surrogates, huge numbers, deep nesting. */
const awkwardValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', '\u0000', '\ud800', 'a'.repeat(10_000), '2031-02-30T25:00:00Z', '-0', 'NaN', '__proto__'),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, 1e308, -1e-308, 0.5),
  fc.constantFrom(null, true, [], {}, [[[[[]]]]]),
  fc.uuid(),
);

/** A valid input (from the parity fixtures) bent one way: a field dropped, a field replaced, a field added. */
function bentInput(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const drop = fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key)));
  const replace = fc.tuple(fc.constantFrom(...keys), awkwardValue).map(([key, value]) => ({ ...valid, [key]: value }));
  const add = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), awkwardValue).map(([key, value]) => ({ ...valid, [key]: value }));
  return keys.length > 0 ? fc.oneof(drop, replace, add) : add;
}

function inputsFor(operation: AnyOperation, tag: () => string): fc.Arbitrary<Record<string, unknown>> {
  const fixture = mutationFixtures[operation.name];
  const anyObject = fc.dictionary(fc.string({ maxLength: 12 }), awkwardValue, { maxKeys: 4 });
  const refused = fixture?.invalid
    .map((entry) => entry.input)
    .filter((input): input is Record<string, unknown> => typeof input === 'object');
  const sources: fc.Arbitrary<Record<string, unknown>>[] = [anyObject];
  if (fixture?.valid)
    sources.push(fc.constant(null).chain(() => bentInput((fixture.valid as (tag: string) => Record<string, unknown>)(tag()))));
  if (refused && refused.length > 0) sources.push(fc.constantFrom(...refused));
  return fc.oneof(...sources);
}

/**
 * Rows in every table a call's effects live in: a refused call must leave each count as it was.
 * Idempotency keys are left out: a final refusal is stored under its key by design, so a retry
 * gets the same answer.
 */
async function rowCounts(database: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    if (!isTable(table) || table === tables.idempotencyKeys) continue;
    const [row] = await database.handle.db.select({ value: count() }).from(table);
    counts[name] = row?.value ?? 0;
  }
  return counts;
}

/**
 * Whether GraphQL can carry this input as sent. A query takes its fields as arguments and an
 * operation without input fields takes none, so a field the contract does not know has nowhere
 * to go: the client leaves it out, and only tRPC is sent it. A null for an optional field means
 * something else on each side (nullMeansAbsent).
 */
function graphqlCanCarry(operation: AnyOperation, input: Record<string, unknown>): boolean {
  const fields = Object.keys(operation.input.shape);
  const stray = Object.keys(input).some((key) => !fields.includes(key));
  return (!stray || (operation.kind === 'mutation' && fields.length > 0)) && !nullMeansAbsent(operation, input);
}

/**
 * GraphQL has no "optional but never null" field: an optional input field may be sent null, and
 * gatepost reads that null as the field left out (from-graphql-input.ts), as GraphQL clients
 * expect. tRPC carries JSON as it is, and the contract refuses null there.
 */
function nullMeansAbsent(operation: AnyOperation, input: Record<string, unknown>): boolean {
  return Object.entries(input).some(([key, value]) => {
    // Own keys only: a generated `valueOf` must not find Object.prototype's.
    const field = Object.hasOwn(operation.input.shape, key) ? operation.input.shape[key] : undefined;
    return value === null && field !== undefined && field.safeParse(undefined).success && !field.safeParse(null).success;
  });
}

function isTable(value: unknown): value is PgTable {
  return typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value;
}

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let sequence = 0;
  const tag = () => `fuzz${process.pid}x${sequence++}`;

  async function callBoth(user: GatepostUnderTest['client'], operation: AnyOperation, input: unknown) {
    const results: CallResult[] = [];
    for (const protocol of ['trpc', 'graphql'] as const) {
      const before = await rowCounts(database.current);
      const result = await callOperation(user, protocol, operation.kind, operation.name, input);
      if (!result.ok) expect(await rowCounts(database.current), `${protocol} ${result.code} wrote rows`).toEqual(before);
      results.push(result);
    }
    return results as [CallResult, CallResult];
  }

  describe('every contract operation, over both protocols, with generated inputs', () => {
    for (const operation of operations) {
      it(`${operation.name}: never a server failure, the same code and field paths on both protocols, nothing written when refused`, async () => {
        const signedIn = await signUp(gp, 'fuzz');
        const user = gp.newClient({ headers: { authorization: `Bearer ${signedIn.token}` } });
        await fc.assert(
          fc.asyncProperty(inputsFor(operation, tag), async (input) => {
            const [overTrpc, overGraphql] = await callBoth(user, operation, input);
            for (const result of [overTrpc, overGraphql]) {
              if (!result.ok) expect(SERVER_FAILURES.has(result.code), `${result.code}: ${result.message}`).toBe(false);
            }
            // A refused tRPC call wrote nothing, so GraphQL met the same database and must answer alike.
            if (!overTrpc.ok && graphqlCanCarry(operation, input)) {
              expect({ code: overGraphql.ok ? 'OK' : overGraphql.code, paths: issuePaths(overGraphql) }).toEqual({
                code: overTrpc.code,
                paths: issuePaths(overTrpc),
              });
            }
          }),
          { numRuns: RUNS_PER_OPERATION },
        );
      }, 120_000);
    }
  });
});
