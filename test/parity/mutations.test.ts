import { randomBytes } from 'node:crypto';
import { contract, listOperations } from '@gatepost/shared';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, issuePaths, PROTOCOLS, type CallResult } from '../helpers/protocols';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { mutationFixtures, type MutationFixture } from './fixtures';

const mutations = listOperations(contract).filter((operation) => operation.kind === 'mutation');

/** Drops what differs by nature (ids, times) and the per-call tag, so outputs of two calls compare. */
function comparable(value: unknown, tag: string): unknown {
  const { id: _id, createdAt: _createdAt, ...rest } = value as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest).replaceAll(tag, 'TAG'));
}

function dataOf(result: CallResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.data as Record<string, unknown>;
}

it('has a parity fixture for every mutation in the contract', () => {
  expect(Object.keys(mutationFixtures).sort()).toEqual(mutations.map((operation) => operation.name).sort());
});

forEachDatabase((database) => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database: database.current });
  });
  afterAll(() => gp.close());

  async function rowCount(fixture: MutationFixture): Promise<number> {
    const [row] = await database.current.handle.db.select({ value: count() }).from(fixture.table);
    return row?.value ?? 0;
  }

  async function rowById(fixture: MutationFixture, id: string): Promise<Record<string, unknown>> {
    const [row] = await database.current.handle.db.select().from(fixture.table).where(eq(fixture.table.id, id));
    if (!row) throw new Error(`no row ${id}`);
    return { ...row, createdAt: (row as { createdAt: Date }).createdAt.toISOString() };
  }

  for (const operation of mutations) {
    const fixture = mutationFixtures[operation.name];
    if (!fixture) continue;

    describe(operation.name, () => {
      it('gives equal outputs and equal rows over tRPC and GraphQL for the same valid input', async () => {
        const [trpcTag, graphqlTag] = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
        const overTrpc = dataOf(await callOperation(gp.client, 'trpc', 'mutation', operation.name, fixture.valid(trpcTag)));
        const overGraphql = dataOf(await callOperation(gp.client, 'graphql', 'mutation', operation.name, fixture.valid(graphqlTag)));
        expect(comparable(overGraphql, graphqlTag)).toEqual(comparable(overTrpc, trpcTag));
        const [trpcRow, graphqlRow] = [await rowById(fixture, String(overTrpc.id)), await rowById(fixture, String(overGraphql.id))];
        expect(comparable(graphqlRow, graphqlTag)).toEqual(comparable(trpcRow, trpcTag));
        expect(trpcRow).toMatchObject(overTrpc);
      });

      it('reads a created row back with the same result over both protocols', async () => {
        const created = dataOf(
          await callOperation(gp.client, 'trpc', 'mutation', operation.name, fixture.valid(randomBytes(4).toString('hex'))),
        );
        for (const protocol of PROTOCOLS) {
          expect(dataOf(await callOperation(gp.client, protocol, 'query', fixture.readBack, { id: created.id }))).toEqual(created);
        }
      });

      for (const { title, input } of fixture.invalid) {
        it(`refuses ${title} with the same code and field paths over both protocols, writing nothing`, async () => {
          const before = await rowCount(fixture);
          const [overTrpc, overGraphql] = [
            await callOperation(gp.client, 'trpc', 'mutation', operation.name, input),
            await callOperation(gp.client, 'graphql', 'mutation', operation.name, input),
          ];
          expect(overTrpc).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
          expect(overGraphql).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
          expect(issuePaths(overGraphql)).toEqual(issuePaths(overTrpc));
          expect(issuePaths(overTrpc).length).toBeGreaterThan(0);
          expect(overGraphql.ok ? undefined : overGraphql.issues).toEqual(overTrpc.ok ? undefined : overTrpc.issues);
          expect(await rowCount(fixture)).toBe(before);
        });
      }
    });
  }
});
