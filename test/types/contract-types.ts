// Type tests: checked by tsc (test/types/typecheck.test.ts), never run. An `@ts-expect-error`
// that stops being an error is itself an error, so each line below fails the suite if the
// guarantee it states breaks.
import { createGatepostClient } from '@gatepost/client';
import { contract, defineContract, defineMutation } from '@gatepost/shared';
import { handlers, implement } from '@gatepost/server';
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import * as contactHandlers from '../../server/src/handlers/contacts';
import * as userHandlers from '../../server/src/handlers/users';

// A missing handler is a compile error.
// @ts-expect-error users is missing
implement(contract, { contacts: contactHandlers });

// @ts-expect-error users.get is missing
implement(contract, { contacts: contactHandlers, users: { create: userHandlers.create } });

// A handler whose output breaks the contract is a compile error.
const pingContract = defineContract({
  ping: {
    send: defineMutation({
      name: 'ping.send',
      description: 'ping',
      auth: 'public',
      input: z.strictObject({ text: z.string() }),
      output: z.object({ echoed: z.string() }),
    }),
  },
});
// @ts-expect-error echoed must be a string
implement(pingContract, { ping: { send: async (input) => ({ echoed: input.text.length }) } });
implement(pingContract, { ping: { send: async (input) => ({ echoed: input.text }) } });

expectTypeOf(handlers).toEqualTypeOf<ReturnType<typeof implement>>();

// The client is typed end to end from the contract.
const client = createGatepostClient({ url: 'http://127.0.0.1:3000' });
expectTypeOf(client.trpc.contacts.submit.mutate)
  .parameter(0)
  .toEqualTypeOf<{
    name: string;
    email: string;
    message?: string | undefined;
    attachment?: File | undefined;
    attachmentId?: string | undefined;
  }>();
expectTypeOf(client.trpc.contacts.submit.mutate).returns.resolves.toEqualTypeOf<{
  id: string;
  name: string;
  email: string;
  message: string | null;
  attachment: {
    id: string;
    name: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    createdAt: string;
    url: string;
  } | null;
  createdAt: string;
}>();
expectTypeOf(client.trpc.users.get.query).returns.resolves.toEqualTypeOf<{
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
} | null>();
expectTypeOf(client.graphql.mutate<'users.create'>).returns.resolves.toHaveProperty('displayName');

// @ts-expect-error an unknown field is not part of the input type
void client.trpc.contacts.submit.mutate({ name: 'a', email: 'b', nickname: 'c' });
// @ts-expect-error queries are not mutations
void client.trpc.contacts.get.mutate({ id: 'x' });
// @ts-expect-error an unknown operation name
void client.graphql.mutate('contacts.delete', {});

// An order is typed from its contract, money in integer cents; idempotency keys are per-call options.
expectTypeOf(client.trpc.orders.place.mutate).returns.resolves.toHaveProperty('totalCents').toEqualTypeOf<number>();
void client.trpc.orders.place.mutate({ items: [], paymentToken: 'tok_approve' }, { context: { idempotencyKey: 'order-1' } });
void client.graphql.mutate('orders.place', { items: [], paymentToken: 'tok_approve' }, { idempotencyKey: false });
// @ts-expect-error a key is a string, or false for none
void client.graphql.mutate('orders.place', { items: [], paymentToken: 'tok_approve' }, { idempotencyKey: 42 });
// @ts-expect-error a booking's period is ISO strings, not Dates
void client.trpc.bookings.reserve.mutate({ resourceId: 'room', from: new Date(), to: new Date() });
