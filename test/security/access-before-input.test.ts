import { describe, expect, it } from 'vitest';
import { signUp } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, PROTOCOLS } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';

// GraphQL checks variables against their types before any resolver runs; the pipeline checks who
// may call before what the input should be. Both protocols must tell a caller the same thing first.
forEachDatabase((database) => {
  const gp = useGatepost(database);

  for (const protocol of PROTOCOLS) {
    describe(`over ${protocol === 'trpc' ? 'tRPC' : 'GraphQL'}, a signed-in user calling an admin operation with bad input`, () => {
      it('is told FORBIDDEN, not what the input should look like (mutation)', async () => {
        const user = await signUp(gp, 'access-first');
        const client = gp.newClient({ headers: { authorization: `Bearer ${user.token}` } });
        const result = await callOperation(client, protocol, 'mutation', 'users.create', { email: 42 });
        expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN', issues: [] });
      });

      it('is told FORBIDDEN, not what the input should look like (query)', async () => {
        const user = await signUp(gp, 'access-first');
        const client = gp.newClient({ headers: { authorization: `Bearer ${user.token}` } });
        const result = await callOperation(client, protocol, 'query', 'users.get', {});
        expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN', issues: [] });
      });
    });

    it(`over ${protocol === 'trpc' ? 'tRPC' : 'GraphQL'}, an anonymous caller of a signed-in operation with bad input is told UNAUTHENTICATED`, async () => {
      const result = await callOperation(gp.anonymousClient(), protocol, 'mutation', 'bookings.reserve', { resourceId: 7 });
      expect(result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    });
  }
});
