import { contract } from '@gatepost/shared';
import { implement } from '../pipeline/index';
import * as auth from './auth';
import * as contacts from './contacts';
import * as users from './users';

/** Every operation of the contract bound to its handler; a missing one fails to compile. */
export const handlers = implement(contract, { contacts, users, auth });
