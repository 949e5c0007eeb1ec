import type { ConstraintMessages } from './constraint-messages';
import { usersConstraintMessages } from './users';

export { contacts, type ContactRow } from './contacts';
export { users, type UserRow } from './users';
export { sessions, apiKeys, type SessionRow, type ApiKeyRow } from './auth';
export type { ConstraintMessages } from './constraint-messages';

export const constraintMessages: ConstraintMessages = { ...usersConstraintMessages };
