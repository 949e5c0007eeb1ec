import { contract, defineContract, defineMutation } from '@gatepost/shared';
import { implement, singleStatement } from '@gatepost/server';
import * as auth from '../../server/src/handlers/auth';
import * as bookings from '../../server/src/handlers/bookings';
import * as catalog from '../../server/src/handlers/catalog';
import * as contacts from '../../server/src/handlers/contacts';
import * as files from '../../server/src/handlers/files';
import * as orders from '../../server/src/handlers/orders';
import * as users from '../../server/src/handlers/users';
import { z } from 'zod';

/** A mutation that touches no database, to measure what each protocol costs on its own. */
const echo = defineMutation({
  name: 'bench.echo',
  description: 'Returns its input; no database.',
  auth: 'public',
  input: z.strictObject({ name: z.string().min(1).max(100), email: z.email() }),
  output: z.object({ name: z.string(), email: z.string() }).meta({ id: 'Echo' }),
});

// No statement at all, so no transaction either.
const echoHandler = singleStatement<typeof echo>(async (input) => input);

/** gatepost's own contract plus the bench-only echo mutation. */
export const benchContract = defineContract({ ...contract, bench: { echo } });
export const benchHandlers = implement(benchContract, { contacts, users, auth, catalog, orders, bookings, files, bench: { echo: echoHandler } });
