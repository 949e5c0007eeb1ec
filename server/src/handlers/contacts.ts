import type { contract } from '@gatepost/shared';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import type { Handler } from '../pipeline/index';

type Contacts = typeof contract.contacts;

function toContact(row: typeof tables.contacts.$inferSelect) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export const submit: Handler<Contacts['submit']> = async (input, { db }) => {
  const [row] = await db
    .insert(tables.contacts)
    .values({ name: input.name, email: input.email, message: input.message ?? null })
    .returning();
  if (!row) throw new Error('insert into contacts returned no row');
  return toContact(row);
};

export const get: Handler<Contacts['get']> = async (input, { db }) => {
  const [row] = await db.select().from(tables.contacts).where(eq(tables.contacts.id, input.id));
  return row ? toContact(row) : null;
};
