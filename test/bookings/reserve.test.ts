import type { GatepostClient } from '@gatepost/client';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { at, bookingRowsOf, bookingsOver, newResource, reservation, succeeded, type Booking } from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let owner: SignedIn;
  let client: GatepostClient;
  beforeAll(async () => {
    owner = await signUp(gp, 'bookings-reserve');
    client = gp.anonymousClient({ headers: bearer(owner.token) });
  });

  forEachProtocol((protocol) => {
    const bookings = bookingsOver(protocol);
    const reserve = async (input: ReturnType<typeof reservation>) => succeeded<Booking>(await bookings.reserve(client, input));

    it('answers a reservation with an active booking of that resource and period', async () => {
      const resourceId = newResource();
      const booking = await reserve(reservation(resourceId, '10:00', '11:00'));
      expect(booking).toMatchObject({ resourceId, from: at('10:00'), to: at('11:00'), status: 'active', cancelledAt: null });
      expect(await bookingRowsOf(database.current, resourceId)).toMatchObject([
        { id: booking.id, userId: owner.userId, cancelledAt: null },
      ]);
    });

    it('reads a reservation back by its id as it was answered', async () => {
      const booking = await reserve(reservation(newResource(), '08:00', '09:30'));
      expect(succeeded(await bookings.get(client, booking.id))).toEqual(booking);
    });

    it('refuses a period overlapping an active booking of the same resource with CONFLICT naming from, writing nothing', async () => {
      const resourceId = newResource();
      const first = await reserve(reservation(resourceId, '10:00', '11:00'));
      const overlapping = await bookings.reserve(client, reservation(resourceId, '10:30', '11:30'));
      expect(overlapping).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        issues: [{ path: ['from'], message: expect.stringContaining('overlaps') }],
      });
      expect((await bookingRowsOf(database.current, resourceId)).map((row) => row.id)).toEqual([first.id]);
    });

    it('refuses a period inside an active booking of the same resource', async () => {
      const resourceId = newResource();
      await reserve(reservation(resourceId, '09:00', '17:00'));
      expect(await bookings.reserve(client, reservation(resourceId, '12:00', '12:15'))).toMatchObject({ ok: false, code: 'CONFLICT' });
    });

    it('books [10:00, 11:00) and [11:00, 12:00) of one resource back to back: the end is excluded', async () => {
      const resourceId = newResource();
      await reserve(reservation(resourceId, '10:00', '11:00'));
      await reserve(reservation(resourceId, '11:00', '12:00'));
      expect(await bookingRowsOf(database.current, resourceId)).toHaveLength(2);
    });

    it('books the same period of another resource', async () => {
      const [roomA, roomB] = [newResource('room-a'), newResource('room-b')];
      await reserve(reservation(roomA, '10:00', '11:00'));
      const other = await reserve(reservation(roomB, '10:00', '11:00'));
      expect(other).toMatchObject({ resourceId: roomB, status: 'active' });
    });

    it('refuses a period whose end comes before its start with VALIDATION_FAILED naming to, writing nothing', async () => {
      const resourceId = newResource();
      const answer = await bookings.reserve(client, reservation(resourceId, '11:00', '10:00'));
      expect(answer).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', issues: [{ path: ['to'], message: 'must be after from' }] });
      expect(await bookingRowsOf(database.current, resourceId)).toEqual([]);
    });

    it('refuses an empty period, ending when it starts, with VALIDATION_FAILED naming to', async () => {
      const answer = await bookings.reserve(client, reservation(newResource(), '10:00', '10:00'));
      expect(answer).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', issues: [{ path: ['to'] }] });
    });
  });
});
