import { defineContract } from '../define';
import { contacts } from './contacts';
import { users } from './users';

/** The gatepost contract: every operation, grouped by domain. */
export const contract = defineContract({ contacts, users });

export type Contract = typeof contract;

export { Contact, SubmitContactInput } from './contacts';
export { User, CreateUserInput } from './users';
