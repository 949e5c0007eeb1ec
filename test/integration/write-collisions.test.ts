import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { implement } from '@gatepost/server';
import { Contact, defineContract, defineMutation, defineQuery } from '@gatepost/shared';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

/**
 * A mutation whose transaction PostgreSQL itself rolls back as a deadlock (SQLSTATE 40P01, raised
 * by the server) for its first `collisions` attempts, then writes a contact — the way two INSERTs
 * racing for one exclusion constraint end. `touchPayments` makes the handler reach the payment
 * provider before colliding.
 */
function collidingContract() {
  const attempts = new Map<string, number>();
  const contract = defineContract({
    collide: {
      write: defineMutation({
        name: 'collide.write',
        description: 'Collides a given number of times, then writes a contact.',
        auth: 'public',
        input: z.strictObject({ email: z.email(), collisions: z.int().min(0), touchPayments: z.boolean() }),
        output: Contact,
      }),
      // GraphQL needs a Query type with a field.
      ping: defineQuery({
        name: 'collide.ping',
        description: 'Answers true.',
        auth: 'public',
        input: z.strictObject({}),
        output: z.boolean(),
      }),
    },
  });
  const handlers = implement(contract, {
    collide: {
      write: async (input, { db, payments }) => {
        const attempt = (attempts.get(input.email) ?? 0) + 1;
        attempts.set(input.email, attempt);
        if (input.touchPayments)
          await payments.authorise({
            amountCents: 100,
            token: 'tok_approve',
            idempotencyKey: randomUUID(),
            description: 'collide',
            reference: input.email,
          });
        await db.insert(tables.contacts).values({ name: `Attempt ${attempt}`, email: input.email });
        if (attempt <= input.collisions) {
          await db.execute(sql`DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected'; END $$`);
        }
        const [row] = await db.select().from(tables.contacts).where(eq(tables.contacts.email, input.email));
        if (!row) throw new Error('no row');
        return { ...row, attachment: null, createdAt: row.createdAt.toISOString() };
      },
      ping: async () => true,
    },
  });
  return { contract, handlers, attempts };
}

interface Answer {
  readonly status: number;
  readonly body: { result?: { data: { name: string } }; error?: { message: string; data: { code: string; retryable?: boolean } } };
}

async function write(
  gp: GatepostUnderTest,
  input: { email: string; collisions: number; touchPayments?: boolean },
  key?: string,
): Promise<Answer> {
  const response = await gp.anonymousFetch('/trpc/collide.write', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ touchPayments: false, ...input }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

forEachDatabase((database) => {
  describe('a transaction PostgreSQL rolls back as a deadlock', () => {
    const colliding = collidingContract();
    const gp = useGatepost(database, { contract: colliding.contract, handlers: colliding.handlers });
    const email = () => `collide.${randomUUID()}@example.com`;
    const contactsOf = (address: string) =>
      database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, address));

    it('runs again and answers what the last attempt wrote, keeping only that attempt', async () => {
      const address = email();
      const answer = await write(gp, { email: address, collisions: 2 });
      expect(answer.status).toBe(200);
      expect(answer.body.result?.data.name).toBe('Attempt 3');
      expect((await contactsOf(address)).map((row) => row.name)).toEqual(['Attempt 3']);
    });

    it('runs again with an idempotency key, and a retry of the key replays that result', async () => {
      const address = email();
      const key = randomUUID();
      expect((await write(gp, { email: address, collisions: 1 }, key)).body.result?.data.name).toBe('Attempt 2');
      expect((await write(gp, { email: address, collisions: 1 }, key)).body.result?.data.name).toBe('Attempt 2');
      expect(colliding.attempts.get(address)).toBe(2);
    });

    it('gives up after three more attempts with 503 UNAVAILABLE, marked retryable, and keeps nothing', async () => {
      const address = email();
      const answer = await write(gp, { email: address, collisions: 100 });
      expect(answer.status).toBe(503);
      expect(answer.body.error?.data).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect(colliding.attempts.get(address)).toBe(4);
      expect(await contactsOf(address)).toEqual([]);
    });

    it('never runs again a handler that reached the payment provider, and voids the hold it made', async () => {
      const address = email();
      const answer = await write(gp, { email: address, collisions: 1, touchPayments: true });
      expect(answer.status).toBe(503);
      expect(answer.body.error?.data.code).toBe('UNAVAILABLE');
      expect(colliding.attempts.get(address)).toBe(1);
      expect(await contactsOf(address)).toEqual([]);
      expect(gp.payments.authorisations.filter((hold) => hold.reference === address).map((hold) => hold.status)).toEqual(['voided']);
    });
  });
});
