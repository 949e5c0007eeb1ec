import { contract, type InputSchema, type Operation, type OperationKind } from '@gatepost/shared';
import type { z } from 'zod';

/** An example body, typed by the operation's own input schema: one that stops fitting fails to compile. */
function example<Input extends InputSchema>(operation: Operation<OperationKind, string, Input>, body: z.input<Input>): [string, unknown] {
  return [operation.name, body];
}

/**
 * The request body the reference page shows, and fills in, for each REST operation that takes one,
 * by operation name. Each is a request the server accepts: a test posts every one and gets the
 * documented status (the account auth.register creates is the one auth.login then signs in).
 */
export const REQUEST_EXAMPLES: ReadonlyMap<string, unknown> = new Map([
  example(contract.contacts.submit, { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Hello from the API reference.' }),
  example(contract.users.create, { email: 'grace@example.com', displayName: 'Grace Hopper' }),
  example(contract.auth.register, { email: 'alan@example.com', password: 'correct horse battery', displayName: 'Alan Turing' }),
  example(contract.auth.login, { email: 'alan@example.com', password: 'correct horse battery' }),
  example(contract.bookings.reserve, { resourceId: 'room-1', from: '2030-01-07T10:00:00Z', to: '2030-01-07T11:00:00Z' }),
  example(contract.orders.place, {
    items: [{ productId: '3f5c2a8e-9b1d-4c7a-8e2f-6a4b1c9d0e7f', quantity: 1 }],
    paymentToken: 'tok_approve',
  }),
]);
