// A contract whose one mutation writes a row and then fails the way a bug does, for the suites
// that check an unexpected error is masked, logged under its request id and rolled back.
import { tables } from '@gatepost/db';
import { implement } from '@gatepost/server';
import { Contact, defineContract, defineMutation, defineQuery } from '@gatepost/shared';
import { z } from 'zod';

/** What a careless driver error looks like: SQL and a parameter name that must never reach a client. */
export const LEAKY_MESSAGE = 'select * from secret_table where password = $1';

export const faultyContract = defineContract({
  faults: {
    explode: defineMutation({
      name: 'faults.explode',
      description: 'Writes a contact, then throws an unexpected error.',
      auth: 'public',
      input: z.strictObject({ email: z.email() }),
      output: Contact,
      rest: { method: 'POST', path: '/faults/explode', status: 201 },
    }),
    // GraphQL needs a Query type with a field.
    ping: defineQuery({
      name: 'faults.ping',
      description: 'Answers true.',
      auth: 'public',
      input: z.strictObject({}),
      output: z.boolean(),
      graphqlName: 'ping',
    }),
  },
});

export const faultyHandlers = implement(faultyContract, {
  faults: {
    explode: async (input, { db }) => {
      await db.insert(tables.contacts).values({ name: 'Written before the bug', email: input.email });
      throw new Error(LEAKY_MESSAGE);
    },
    ping: async () => true,
  },
});
