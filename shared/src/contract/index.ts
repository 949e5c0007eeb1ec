import { defineContract } from '../define';
import { contacts } from './contacts';
import { users } from './users';
import { auth } from './auth';

/** The gatepost contract: every operation, grouped by domain. */
export const contract = defineContract({ contacts, users, auth });

export type Contract = typeof contract;

export { Contact, SubmitContactInput } from './contacts';
export { User, CreateUserInput } from './users';
