import { randomUUID } from 'node:crypto';
import type { contract } from '@gatepost/shared';
import { perDatabase, tables, type Database } from '@gatepost/db';
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { HandlerDefinition, Handler } from '../pipeline/index';

type Contacts = typeof contract.contacts;
type ContactInput = z.output<Contacts['submit']['input']>;

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

/**
 * Any number of rows in one prepared statement: each column travels as one array parameter
 * and `unnest` turns them back into rows, so the SQL is the same for 2 rows or 1000 and is
 * never rebuilt (drizzle rebuilding a 100-row VALUES list cost a quarter of a batch's CPU).
 */
const insertContactRows = perDatabase((db) =>
  db
    .insert(tables.contacts)
    .select(
      sql`select t.id, t.name, t.email, t.message, now() from unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('names')}::text[], ${sql.placeholder('emails')}::text[], ${sql.placeholder('messages')}::text[]) as t(id, name, email, message)`,
    )
    .returning()
    .prepare('contacts_insert_rows'),
);

/** Ids are made here, so each row maps back to its input by id rather than by the order RETURNING happens to use. */
async function insertContacts(db: Database, inputs: readonly ContactInput[]) {
  const ids = inputs.map(() => randomUUID());
  const inserted = await insertContactRows(db).execute({
    ids,
    names: inputs.map((input) => input.name),
    emails: inputs.map((input) => input.email),
    messages: inputs.map((input) => input.message ?? null),
  });
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return ids.map((id) => {
    const stored = byId.get(id);
    if (!stored) throw new Error('a contact row was not returned by its INSERT');
    return toContact(stored);
  });
}

export const submit: HandlerDefinition<Contacts['submit']> = {
  singleStatement: true,
  run: async (input, { db }) => {
    const [row] = await insertContact(db).execute({ name: input.name, email: input.email, message: input.message ?? null });
    if (!row) throw new Error('insert into contacts returned no row');
    return toContact(row);
  },
  coalesced: (inputs, { db }) => insertContacts(db, inputs),
};

export const submitMany: HandlerDefinition<Contacts['submitMany']> = {
  singleStatement: true,
  run: (input, { db }) => insertContacts(db, input.items),
};

export const get: Handler<Contacts['get']> = async (input, { db }) => {
  const [row] = await contactById(db).execute({ id: input.id });
  return row ? toContact(row) : null;
};

/**
 * `created_at` as the cursor writes it: UTC to the microsecond, which is the column's own
 * precision, so a cursor compares equal to the row it came from.
 */
const createdAtToTheMicrosecond = sql<string>`to_char(${tables.contacts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const newestFirst = [desc(tables.contacts.createdAt), desc(tables.contacts.id)] as const;

const newestContacts = perDatabase((db) =>
  db
    .select({ ...getTableColumns(tables.contacts), cursorAt: createdAtToTheMicrosecond })
    .from(tables.contacts)
    .orderBy(...newestFirst)
    .limit(sql.placeholder('limit'))
    .prepare('contacts_list_first'),
);

/** Keyset pagination: a row-value comparison on (created_at, id), the same order as ORDER BY, so no row is skipped or repeated when contacts arrive between pages. */
const contactsBefore = perDatabase((db) =>
  db
    .select({ ...getTableColumns(tables.contacts), cursorAt: createdAtToTheMicrosecond })
    .from(tables.contacts)
    .where(
      sql`(${tables.contacts.createdAt}, ${tables.contacts.id}) < (${sql.placeholder('beforeAt')}::timestamptz, ${sql.placeholder('beforeId')}::uuid)`,
    )
    .orderBy(...newestFirst)
    .limit(sql.placeholder('limit'))
    .prepare('contacts_list_before'),
);

/** The contract's ContactCursor: `<created_at>_<id>`, already validated by the time a handler sees it. */
function splitCursor(cursor: string): { beforeAt: string; beforeId: string } {
  const separator = cursor.indexOf('_');
  return { beforeAt: cursor.slice(0, separator), beforeId: cursor.slice(separator + 1) };
}

/** One row more than the page is read: its presence is what says a next page exists. */
export const list: Handler<Contacts['list']> = async (input, { db }) => {
  const limit = input.limit + 1;
  const rows = input.before
    ? await contactsBefore(db).execute({ ...splitCursor(input.before), limit })
    : await newestContacts(db).execute({ limit });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursorAt, ...row }) => toContact(row)),
    nextCursor: rows.length > input.limit && last ? `${last.cursorAt}_${last.id}` : null,
  };
};
