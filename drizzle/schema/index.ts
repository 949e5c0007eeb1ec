import { bookingsConstraintMessages } from './bookings';
import { catalogConstraintMessages } from './catalog';
import { contactsConstraintMessages } from './contacts';
import type { ConstraintMessages } from './constraint-messages';
import { usersConstraintMessages } from './users';

export { contacts, type ContactRow } from './contacts';
export { files, type FileRow } from './files';
export { users, type UserRow } from './users';
export { sessions, apiKeys, type SessionRow, type ApiKeyRow } from './auth';
export { products, type ProductRow } from './catalog';
export { orders, orderLines, type OrderRow, type OrderLineRow } from './orders';
export { bookings, type BookingRow } from './bookings';
export { outboxEvents, type OutboxEventRow } from './outbox';
export { idempotencyKeys, type IdempotencyKeyRow } from './idempotency';
export type { ConstraintMessages } from './constraint-messages';

export const constraintMessages: ConstraintMessages = {
  ...usersConstraintMessages,
  ...contactsConstraintMessages,
  ...catalogConstraintMessages,
  ...bookingsConstraintMessages,
};
