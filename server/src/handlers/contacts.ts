import type { contract } from '@gatepost/shared';
import { perDatabase, tables } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { singleStatement, type Handler } from '../pipeline/index';

type Contacts = typeof contract.contacts;

const insertContact = perDatabase((db) =>
  db
    .insert(tables.contacts)
    .values({ name: sql.placeholder('name'), email: sql.placeholder('email'), message: sql.placeholder('message') })
    .returning()
    .prepare('contacts_insert'),
);

const contactById = perDatabase((db) =>
  db
    .select()
    .from(tables.contacts)
    .where(eq(tables.contacts.id, sql.placeholder('id')))
    .prepare('contacts_by_id'),
);

function toContact(row: typeof tables.contacts.$inferSelect) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export const submit = singleStatement<Contacts['submit']>(async (input, { db }) => {
  const [row] = await insertContact(db).execute({ name: input.name, email: input.email, message: input.message ?? null });
  if (!row) throw new Error('insert into contacts returned no row');
  return toContact(row);
});

export const get: Handler<Contacts['get']> = async (input, { db }) => {
  const [row] = await contactById(db).execute({ id: input.id });
  return row ? toContact(row) : null;
};
