// Helpers for the bookings suites: periods on a fixed day, resources no other test books, and
// the rows of a resource, to prove what was (and was not) written.
import { randomUUID } from 'node:crypto';
import type { GatepostClient, OutputOf } from '@gatepost/client';
import { tables } from '@gatepost/db';
import { asc, eq } from 'drizzle-orm';
import type { TestDatabase } from '../helpers/databases';
import { callOperation, type CallResult, type Protocol } from '../helpers/protocols';

export type Booking = OutputOf<'bookings.reserve'>;

/** A resource of this test's own, so its bookings are this test's alone. */
export function newResource(label = 'room'): string {
  return `${label}-${randomUUID()}`;
}

/** `HH:MM` on one fixed day, as the ISO timestamp the contract takes (and answers with). */
export function at(time: string): string {
  return `2031-03-14T${time}:00.000Z`;
}

export function reservation(resourceId: string, from: string, to: string) {
  return { resourceId, from: at(from), to: at(to) };
}

/** The data of a successful client call; fails the test, showing the refusal, otherwise. */
export function succeeded<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.data as T;
}

/** The booking operations of one signed-in client over one protocol. */
export function bookingsOver(protocol: Protocol) {
  return {
    reserve: (client: GatepostClient, input: ReturnType<typeof reservation>) =>
      callOperation(client, protocol, 'mutation', 'bookings.reserve', input),
    cancel: (client: GatepostClient, id: string) => callOperation(client, protocol, 'mutation', 'bookings.cancel', { id }),
    get: (client: GatepostClient, id: string) => callOperation(client, protocol, 'query', 'bookings.get', { id }),
  };
}

export async function bookingRowsOf(database: TestDatabase, resourceId: string) {
  return database.handle.db
    .select()
    .from(tables.bookings)
    .where(eq(tables.bookings.resourceId, resourceId))
    .orderBy(asc(tables.bookings.startsAt));
}
