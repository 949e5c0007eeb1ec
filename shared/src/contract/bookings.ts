import { z } from 'zod';
import { defineMutation, defineQuery, entityId, timestamp } from '../define';

export const ReserveBookingInput = z
  .strictObject({
    resourceId: z.string().trim().min(1).max(100).describe('What is booked: a room, a desk, a court'),
    from: timestamp().describe('Start, included'),
    to: timestamp().describe('End, excluded: a booking to 11:00 and one from 11:00 do not overlap'),
  })
  .refine((input) => Date.parse(input.from) < Date.parse(input.to), { path: ['to'], message: 'must be after from' });

export const Booking = z
  .object({
    id: entityId(),
    resourceId: z.string(),
    from: timestamp(),
    to: timestamp(),
    status: z.enum(['active', 'cancelled']),
    createdAt: timestamp(),
    cancelledAt: timestamp().nullable(),
  })
  .meta({ id: 'Booking', description: 'A resource reserved for a period' });

export const reserveBooking = defineMutation({
  name: 'bookings.reserve',
  rest: { method: 'POST', path: '/bookings', status: 201, location: '/bookings/{id}' },
  description: 'Reserve a resource for [from, to). Overlapping an active booking of the same resource is a CONFLICT.',
  auth: 'user',
  errors: ['CONFLICT'],
  input: ReserveBookingInput,
  output: Booking,
});

export const cancelBooking = defineMutation({
  name: 'bookings.cancel',
  rest: { method: 'POST', path: '/bookings/{id}/cancel' },
  description: 'Cancel one of your bookings, freeing its period. Cancelling it again returns it unchanged.',
  auth: 'user',
  errors: ['NOT_FOUND'],
  input: z.strictObject({ id: entityId() }),
  output: Booking,
});

export const getBooking = defineQuery({
  name: 'bookings.get',
  rest: { method: 'GET', path: '/bookings/{id}' },
  description: "Read one of your bookings back by its id; null when you have none with that id (another user's included).",
  auth: 'user',
  input: z.strictObject({ id: entityId() }),
  output: Booking.nullable(),
});

export const bookings = { reserve: reserveBooking, cancel: cancelBooking, get: getBooking };
