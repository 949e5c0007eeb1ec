import { contract } from '@gatepost/shared';
import { implement } from '../pipeline/index';
import * as auth from './auth';
import * as bookings from './bookings';
import * as catalog from './catalog';
import * as contacts from './contacts';
import * as files from './files';
import * as orders from './orders';
import * as users from './users';

/** Every operation of the contract bound to its handler; a missing one fails to compile. */
export const handlers = implement(contract, { contacts, users, auth, catalog, orders, bookings, files });
