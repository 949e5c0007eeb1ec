import { forEachDatabase } from '../helpers/databases';
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, type SignedIn } from '../auth/helpers';
import { codeOf, rawOperation, type RawAnswer } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import { race, reportingStalls, signUpMany, tally, usePool, RACE_TIMEOUT_MS, RACE_SERVER_CONFIG } from './helpers';

const RESERVATIONS = 100;
const USERS = 10;

forEachDatabase((database) => {
  const gp = useGatepost(usePool(database), { config: RACE_SERVER_CONFIG });
  const resourceId = `court-${randomUUID()}`;
  let answers: RawAnswer[];

  // The race runs once; each test below states one thing that must hold after it.
  beforeAll(() => reportingStalls('100 reservations of one slot', database, gp, runRace), RACE_TIMEOUT_MS);

  async function runRace() {
    const users = await signUpMany(gp, USERS, 'double-booking');
    const slot = { resourceId, from: '2031-06-01T18:00:00.000Z', to: '2031-06-01T19:00:00.000Z' };
    // Half the calls carry an Idempotency-Key (they run in a transaction that stores their
    // result), half none (one INSERT on its own): the exclusion constraint must hold for both.
    const requests = Array.from({ length: RESERVATIONS }, (_, index) => {
      const user = users[index % USERS] as SignedIn;
      const headers = { ...bearer(user.token), ...(index % 4 < 2 ? { 'idempotency-key': randomUUID() } : {}) };
      return () => rawOperation(gp, index % 2 === 0 ? 'trpc' : 'graphql', 'bookings.reserve', slot, headers);
    });
    const result = await race(requests);
    answers = result.answers;
    const outcomes = tally(answers, codeOf);
    const active = await activeBookings();
    console.log(
      `[concurrency] ${RESERVATIONS} reservations of one slot: ${outcomes.OK ?? 0} booked, ${outcomes.CONFLICT ?? 0} refused, ${active.length} active booking(s), ${result.elapsedMs} ms (${JSON.stringify(outcomes)})`,
    );
  }

  async function activeBookings() {
    const rows = await database.current.handle.db.select().from(tables.bookings).where(eq(tables.bookings.resourceId, resourceId));
    return rows.filter((row) => row.cancelledAt === null);
  }

  it(`books the slot once among ${RESERVATIONS} concurrent reservations of it`, () => {
    expect(answers.filter((answer) => answer.outcome.ok)).toHaveLength(1);
  });

  it(`refuses the other ${RESERVATIONS - 1} with CONFLICT naming from`, () => {
    const refused = answers.filter((answer) => !answer.outcome.ok);
    expect(refused).toHaveLength(RESERVATIONS - 1);
    for (const answer of refused) {
      expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^from: overlaps/),
      });
    }
  });

  it('leaves exactly one booking of the resource, the one answered as booked', async () => {
    const booked = answers.find((answer) => answer.outcome.ok)?.outcome as { data: { id: string } } | undefined;
    const rows = await database.current.handle.db.select().from(tables.bookings).where(eq(tables.bookings.resourceId, resourceId));
    expect(rows.map((row) => row.id)).toEqual([booked?.data.id]);
    expect(await activeBookings()).toHaveLength(1);
  });
});
