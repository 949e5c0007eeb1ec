// REST takes form bodies (application/x-www-form-urlencoded), which a page on any site can make a
// browser post without a CORS preflight. That is safe because such a post cannot act as the
// visitor: a session cookie on a cross-site request is refused (403, nothing written), judged by
// Origin and then Sec-Fetch-Site. tRPC and GraphQL keep refusing form bodies (simple-content-types).
import { describe, expect, it } from 'vitest';
import { cookie, signUp } from '../auth/helpers';
import { bookingRowsOf, newResource, reservation } from '../bookings/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const EVIL_ORIGIN = 'https://evil.example';

async function postBookingForm(gp: GatepostUnderTest, resourceId: string, headers: Record<string, string>) {
  const body = new URLSearchParams(reservation(resourceId, '09:00', '10:00')).toString();
  const response = await gp.anonymousFetch('/api/bookings', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('a form post to REST with a session cookie', () => {
    it('is refused 403 FORBIDDEN from another origin, and books nothing', async () => {
      const guest = await signUp(gp, 'rest-form-csrf');
      const resourceId = newResource();
      const refused = await postBookingForm(gp, resourceId, { ...cookie(guest.token), origin: EVIL_ORIGIN });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(await bookingRowsOf(database.current, resourceId)).toEqual([]);
    });

    it('is refused 403 when Sec-Fetch-Site says cross-site, and books nothing', async () => {
      const guest = await signUp(gp, 'rest-form-csrf');
      const resourceId = newResource();
      const refused = await postBookingForm(gp, resourceId, { ...cookie(guest.token), 'sec-fetch-site': 'cross-site' });
      expect(refused.status).toBe(403);
      expect(await bookingRowsOf(database.current, resourceId)).toEqual([]);
    });

    it('is served from this origin: 201 and the booking', async () => {
      const guest = await signUp(gp, 'rest-form-csrf');
      const resourceId = newResource();
      const booked = await postBookingForm(gp, resourceId, { ...cookie(guest.token), origin: gp.url });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      expect(await bookingRowsOf(database.current, resourceId)).toHaveLength(1);
    });
  });

  it('a cross-site form post without credentials runs as anonymous, which a signed-in operation refuses 401', async () => {
    const resourceId = newResource();
    const refused = await postBookingForm(gp, resourceId, { origin: EVIL_ORIGIN });
    expect(refused.status).toBe(401);
    expect(await bookingRowsOf(database.current, resourceId)).toEqual([]);
  });
});
