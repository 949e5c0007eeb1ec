import type { GatepostClient } from '@gatepost/client';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { bookingRowsOf, bookingsOver, newResource, reservation, succeeded, type Booking } from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let owner: GatepostClient;
  let stranger: GatepostClient;
  beforeAll(async () => {
    const [one, other] = await Promise.all([signUp(gp, 'bookings-owner'), signUp(gp, 'bookings-stranger')]);
    owner = gp.anonymousClient({ headers: bearer(one.token) });
    stranger = gp.anonymousClient({ headers: bearer(other.token) });
  });

  forEachProtocol((protocol) => {
    const bookings = bookingsOver(protocol);
    const reserve = async (client: GatepostClient, input: ReturnType<typeof reservation>) =>
      succeeded<Booking>(await bookings.reserve(client, input));
    const cancel = async (client: GatepostClient, id: string) => succeeded<Booking>(await bookings.cancel(client, id));

    it('answers a cancellation with the booking, now cancelled, and when', async () => {
      const booking = await reserve(owner, reservation(newResource(), '10:00', '11:00'));
      const cancelled = await cancel(owner, booking.id);
      expect(cancelled).toEqual({ ...booking, status: 'cancelled', cancelledAt: expect.any(String) });
      expect(Date.parse(cancelled.cancelledAt ?? '')).toBeGreaterThanOrEqual(Date.parse(booking.createdAt));
    });

    it('frees the period: an overlapping reservation of the resource then succeeds', async () => {
      const resourceId = newResource();
      const booking = await reserve(owner, reservation(resourceId, '10:00', '11:00'));
      await cancel(owner, booking.id);
      const again = await reserve(stranger, reservation(resourceId, '10:30', '11:30'));
      expect(again).toMatchObject({ resourceId, status: 'active' });
    });

    it('answers a second cancellation with the same cancelled booking, changing nothing', async () => {
      const booking = await reserve(owner, reservation(newResource(), '10:00', '11:00'));
      const first = await cancel(owner, booking.id);
      expect(await cancel(owner, booking.id)).toEqual(first);
    });

    it("refuses to cancel another user's booking with NOT_FOUND naming id, leaving it active", async () => {
      const resourceId = newResource();
      const theirs = await reserve(stranger, reservation(resourceId, '10:00', '11:00'));
      const answer = await bookings.cancel(owner, theirs.id);
      expect(answer).toMatchObject({ ok: false, code: 'NOT_FOUND', issues: [{ path: ['id'] }] });
      expect(await bookingRowsOf(database.current, resourceId)).toMatchObject([{ id: theirs.id, cancelledAt: null }]);
      expect(succeeded(await bookings.get(stranger, theirs.id))).toEqual(theirs);
    });

    it("answers null for another user's booking, as if it did not exist", async () => {
      const theirs = await reserve(stranger, reservation(newResource(), '10:00', '11:00'));
      expect(succeeded(await bookings.get(owner, theirs.id))).toBeNull();
    });
  });
});
