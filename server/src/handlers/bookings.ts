import { describeIssues, GatepostError, type contract } from '@gatepost/shared';
import { tables } from '@gatepost/db';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { singleStatement, type Handler } from '../pipeline/index';
import { signedInUser } from './signed-in-user';

type Bookings = typeof contract.bookings;

function toBooking(row: typeof tables.bookings.$inferSelect): z.input<Bookings['reserve']['output']> {
  return {
    id: row.id,
    resourceId: row.resourceId,
    from: row.startsAt.toISOString(),
    to: row.endsAt.toISOString(),
    status: row.cancelledAt ? 'cancelled' : 'active',
    createdAt: row.createdAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  };
}

/**
 * One INSERT. An overlap is refused by the exclusion constraint `bookings_no_overlap`, which the
 * pipeline reports as CONFLICT on `from`: no read-then-write race can double-book a slot.
 */
export const reserve = singleStatement<Bookings['reserve']>(async (input, { db, principal }) => {
  const owner = signedInUser(principal, 'book');
  const [row] = await db
    .insert(tables.bookings)
    .values({ userId: owner.id, resourceId: input.resourceId, startsAt: new Date(input.from), endsAt: new Date(input.to) })
    .returning();
  if (!row) throw new Error('insert into bookings returned no row');
  return toBooking(row);
});

const NO_SUCH_BOOKING = [{ path: ['id'], message: 'you have no booking with this id' }];

/** Cancelling keeps the row (its history) and frees the period; a second cancel changes nothing. */
export const cancel = singleStatement<Bookings['cancel']>(async (input, { db, principal }) => {
  const owner = signedInUser(principal, 'cancel bookings');
  const [row] = await db
    .update(tables.bookings)
    .set({ cancelledAt: sql`coalesce(${tables.bookings.cancelledAt}, now())` })
    .where(and(eq(tables.bookings.id, input.id), eq(tables.bookings.userId, owner.id)))
    .returning();
  // Another user's booking is "not found": its existence is not theirs to learn.
  if (!row) throw new GatepostError('NOT_FOUND', describeIssues(NO_SUCH_BOOKING), { issues: NO_SUCH_BOOKING });
  return toBooking(row);
});

export const get: Handler<Bookings['get']> = async (input, { db, principal }) => {
  const owner = signedInUser(principal, 'read bookings');
  const [row] = await db
    .select()
    .from(tables.bookings)
    .where(and(eq(tables.bookings.id, input.id), eq(tables.bookings.userId, owner.id)));
  return row ? toBooking(row) : null;
};
