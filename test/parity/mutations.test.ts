import { randomBytes } from 'node:crypto';
import { contract, listOperations } from '@gatepost/shared';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, issuePaths, PROTOCOLS, type CallResult } from '../helpers/protocols';
import { callRest, hasRestRoute } from '../helpers/rest-call';
import { useGatepost } from '../helpers/start-gatepost';
import { mutationFixtures, type MutationFixture } from './fixtures';

const mutations = listOperations(contract).filter((operation) => operation.kind === 'mutation');

/** Drops what differs by nature (ids, times) and the per-call tag, so outputs of two calls compare. */
function comparable(value: unknown, tag: string): unknown {
  // Salted password hashes differ by nature too; that one is stored hashed is the security suite's to prove.
  const { id: _id, createdAt: _createdAt, passwordHash: _passwordHash, ...rest } = value as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest).replaceAll(tag, 'TAG'));
}

/** The records an output holds: one for a single mutation, each item for a bulk one. */
function recordsOf(result: CallResult): Record<string, unknown>[] {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return Array.isArray(result.data) ? (result.data as Record<string, unknown>[]) : [result.data as Record<string, unknown>];
}

it('has a parity fixture for every mutation in the contract', () => {
  expect(Object.keys(mutationFixtures).sort()).toEqual(mutations.map((operation) => operation.name).sort());
});

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function rowCount(fixture: MutationFixture): Promise<number> {
    if (!fixture.table) return 0;
    const [row] = await database.current.handle.db.select({ value: count() }).from(fixture.table);
    return row?.value ?? 0;
  }

  async function rowById(fixture: MutationFixture, id: string): Promise<Record<string, unknown>> {
    if (!fixture.table) throw new Error('fixture has no table');
    const [row] = await database.current.handle.db.select().from(fixture.table).where(eq(fixture.table.id, id));
    if (!row) throw new Error(`no row ${id}`);
    const shown = { ...row, createdAt: (row as { createdAt: Date }).createdAt.toISOString() };
    return fixture.rowAsOutput ? fixture.rowAsOutput(shown) : shown;
  }

  for (const operation of mutations) {
    const fixture = mutationFixtures[operation.name];
    if (!fixture || (!fixture.valid && fixture.invalid.length === 0)) continue;

    describe(operation.name, () => {
      const { valid, readBack } = fixture;
      if (valid)
        it('gives equal outputs and equal rows over tRPC and GraphQL for the same valid input', async () => {
          const [trpcTag, graphqlTag] = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
          const overTrpc = recordsOf(await callOperation(gp.client, 'trpc', 'mutation', operation.name, valid(trpcTag)));
          const overGraphql = recordsOf(await callOperation(gp.client, 'graphql', 'mutation', operation.name, valid(graphqlTag)));
          expect(overGraphql.map((record) => comparable(record, graphqlTag))).toEqual(
            overTrpc.map((record) => comparable(record, trpcTag)),
          );
          const trpcRows = await Promise.all(overTrpc.map((record) => rowById(fixture, String(record.id))));
          const graphqlRows = await Promise.all(overGraphql.map((record) => rowById(fixture, String(record.id))));
          expect(graphqlRows.map((row) => comparable(row, graphqlTag))).toEqual(trpcRows.map((row) => comparable(row, trpcTag)));
          trpcRows.forEach((row, index) => expect(row).toMatchObject(overTrpc[index] as Record<string, unknown>));
        });

      if (valid && hasRestRoute(operation.name))
        it('gives over REST the output and row tRPC gives for the same valid input', async () => {
          const [trpcTag, restTag] = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
          const overTrpc = recordsOf(await callOperation(gp.client, 'trpc', 'mutation', operation.name, valid(trpcTag)));
          const overRest = recordsOf(await callRest(gp, operation.name, valid(restTag)));
          expect(overRest.map((record) => comparable(record, restTag))).toEqual(overTrpc.map((record) => comparable(record, trpcTag)));
          const trpcRows = await Promise.all(overTrpc.map((record) => rowById(fixture, String(record.id))));
          const restRows = await Promise.all(overRest.map((record) => rowById(fixture, String(record.id))));
          expect(restRows.map((row) => comparable(row, restTag))).toEqual(trpcRows.map((row) => comparable(row, trpcTag)));
        });

      if (valid && readBack && hasRestRoute(readBack))
        it('reads a created row back over REST as tRPC reads it', async () => {
          const created = recordsOf(
            await callOperation(gp.client, 'trpc', 'mutation', operation.name, valid(randomBytes(4).toString('hex'))),
          );
          for (const record of created) expect(recordsOf(await callRest(gp, readBack, { id: record.id }))).toMatchObject([record]);
        });

      if (valid && readBack)
        it('reads a created row back with the same result over both protocols', async () => {
          const created = recordsOf(
            await callOperation(gp.client, 'trpc', 'mutation', operation.name, valid(randomBytes(4).toString('hex'))),
          );
          for (const protocol of PROTOCOLS) {
            for (const record of created) {
              expect(recordsOf(await callOperation(gp.client, protocol, 'query', readBack, { id: record.id }))).toMatchObject([record]);
            }
          }
        });

      for (const { title, input, code = 'VALIDATION_FAILED' } of fixture.invalid) {
        it(`refuses ${title} with the same code and field paths over both protocols, writing nothing`, async () => {
          const before = await rowCount(fixture);
          const [overTrpc, overGraphql] = [
            await callOperation(gp.client, 'trpc', 'mutation', operation.name, input),
            await callOperation(gp.client, 'graphql', 'mutation', operation.name, input),
          ];
          expect(overTrpc).toMatchObject({ ok: false, code });
          expect(overGraphql).toMatchObject({ ok: false, code });
          expect(issuePaths(overGraphql)).toEqual(issuePaths(overTrpc));
          if (code === 'VALIDATION_FAILED') expect(issuePaths(overTrpc).length).toBeGreaterThan(0);
          expect(overGraphql.ok ? undefined : overGraphql.issues).toEqual(overTrpc.ok ? undefined : overTrpc.issues);
          expect(await rowCount(fixture)).toBe(before);
        });

        if (hasRestRoute(operation.name))
          it(`refuses ${title} over REST with tRPC's code, message and field paths, writing nothing`, async () => {
            const before = await rowCount(fixture);
            const overTrpc = await callOperation(gp.client, 'trpc', 'mutation', operation.name, input);
            const overRest = await callRest(gp, operation.name, input);
            expect(overRest).toMatchObject({ ok: false, code });
            expect(overRest).toEqual(overTrpc);
            expect(await rowCount(fixture)).toBe(before);
          });
      }
    });
  }
});
