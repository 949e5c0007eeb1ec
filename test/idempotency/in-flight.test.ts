import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { implement } from '@gatepost/server';
import { Contact, defineContract, defineMutation, defineQuery } from '@gatepost/shared';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, heldPaymentProvider, ordersOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { PROTOCOLS, type Protocol } from '../helpers/protocols';
import { codeOf, dataOf, outcomeOf, rawOperation, type RawAnswer } from '../helpers/raw-operation';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const title = (protocol: Protocol) => (protocol === 'trpc' ? 'tRPC' : 'GraphQL');

/** A public mutation that holds until the test lets it go, then writes a contact. */
function holdingContract() {
  let started!: () => void;
  let release!: () => void;
  const state = {
    started: new Promise<void>((resolve) => (started = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    release: () => release(),
  };
  const contract = defineContract({
    held: {
      submit: defineMutation({
        name: 'held.submit',
        description: 'Holds until released, then writes a contact.',
        auth: 'public',
        input: z.strictObject({ email: z.email() }),
        output: Contact,
      }),
      // GraphQL needs a Query type with a field.
      ping: defineQuery({
        name: 'held.ping',
        description: 'Answers true.',
        auth: 'public',
        input: z.strictObject({}),
        output: z.boolean(),
      }),
    },
  });
  const handlers = implement(contract, {
    held: {
      submit: async (input, { db }) => {
        started();
        await state.released;
        const [row] = await db.insert(tables.contacts).values({ name: 'Held', email: input.email }).returning();
        if (!row) throw new Error('no row');
        return { ...row, attachment: null, createdAt: row.createdAt.toISOString() };
      },
      ping: async () => true,
    },
  });
  return { contract, handlers, state };
}

async function submitHeld(gp: GatepostUnderTest, protocol: Protocol, email: string, key: string): Promise<RawAnswer> {
  const headers = { 'content-type': 'application/json', 'idempotency-key': key };
  const response =
    protocol === 'trpc'
      ? await gp.anonymousFetch('/trpc/held.submit', { method: 'POST', headers, body: JSON.stringify({ email }) })
      : await gp.anonymousFetch('/graphql', {
          method: 'POST',
          headers: { ...headers, accept: 'application/graphql-response+json' },
          body: JSON.stringify({
            query: 'mutation($input: SubmitHeldInput!) { submitHeld(input: $input) { id email } }',
            variables: { input: { email } },
          }),
        });
  const body: unknown = await response.json();
  return { status: response.status, body, headers: response.headers, outcome: outcomeOf(protocol, body) };
}

forEachDatabase((database) => {
  for (const protocol of PROTOCOLS) {
    describe(`over ${title(protocol)}, while an anonymous request with a key is still running`, () => {
      const held = holdingContract();
      const gp = useGatepost(database, { contract: held.contract, handlers: held.handlers });

      it('answers a second request with the same key 409 CONFLICT marked retryable, then replays the finished result', async () => {
        const key = randomUUID();
        const email = `held.${randomUUID()}@example.com`;
        const first = submitHeld(gp, protocol, email, key);
        await held.state.started;
        const duplicate = await submitHeld(gp, protocol, email, key);
        expect(codeOf(duplicate)).toBe('CONFLICT');
        expect(duplicate.outcome).toMatchObject({ retryable: true, message: expect.stringContaining('still being processed') });
        expect(duplicate.status).toBe(protocol === 'trpc' ? 409 : 200);
        held.state.release();
        const written = dataOf(await first);
        const retried = await submitHeld(gp, protocol, email, key);
        expect(dataOf(retried)).toEqual(written);
        expect(retried.headers.get('idempotent-replayed')).toBe('true');
        const rows = await database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));
        expect(rows).toHaveLength(1);
      });
    });
  }

  for (const protocol of PROTOCOLS) {
    describe(`over ${title(protocol)}, while a signed-in user's order with a key is still being charged`, () => {
      const payments = heldPaymentProvider();
      const gp = useGatepost(database, { payments });
      let buyer: SignedIn;
      let order: { items: { productId: string; quantity: number }[]; paymentToken: string };
      beforeAll(async () => {
        buyer = await signUp(gp, 'in-flight');
        order = {
          items: [{ productId: (await createProduct(database.current, { stock: 10 })).id, quantity: 1 }],
          paymentToken: 'tok_approve',
        };
      });

      it('answers the same order again 409 CONFLICT marked retryable, charges once, then replays the order', async () => {
        const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
        const first = rawOperation(gp, protocol, 'orders.place', order, headers);
        await payments.waiting;
        const duplicate = await rawOperation(gp, protocol, 'orders.place', order, headers);
        expect(codeOf(duplicate)).toBe('CONFLICT');
        expect(duplicate.outcome).toMatchObject({ retryable: true });
        payments.release();
        const placed = dataOf(await first);
        const retried = await rawOperation(gp, protocol, 'orders.place', order, headers);
        expect(dataOf(retried)).toEqual(placed);
        expect(retried.headers.get('idempotent-replayed')).toBe('true');
        expect(await ordersOf(database.current, buyer.userId)).toHaveLength(1);
        expect(payments.captures).toHaveLength(1);
      });
    });
  }
});
