import type { contract } from '@gatepost/shared';
import { perDatabase, tables } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { singleStatement, type Handler } from '../pipeline/index';

type Users = typeof contract.users;

const insertUser = perDatabase((db) =>
  db
    .insert(tables.users)
    .values({ email: sql.placeholder('email'), displayName: sql.placeholder('displayName') })
    .returning()
    .prepare('users_insert'),
);

const userById = perDatabase((db) =>
  db
    .select()
    .from(tables.users)
    .where(eq(tables.users.id, sql.placeholder('id')))
    .prepare('users_by_id'),
);

function toUser(row: typeof tables.users.$inferSelect) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** A taken email (any letter case) violates `users_email_lower_unique`, which the pipeline reports as CONFLICT on `email`. */
export const create = singleStatement<Users['create']>(async (input, { db }) => {
  const [row] = await insertUser(db).execute({ email: input.email, displayName: input.displayName });
  if (!row) throw new Error('insert into users returned no row');
  return toUser(row);
});

export const get: Handler<Users['get']> = async (input, { db }) => {
  const [row] = await userById(db).execute({ id: input.id });
  return row ? toUser(row) : null;
};
