import type { contract } from '@gatepost/shared';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import type { Handler } from '../pipeline/index';

type Users = typeof contract.users;

function toUser(row: typeof tables.users.$inferSelect) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** A taken email (any letter case) violates `users_email_lower_unique`, which the pipeline reports as CONFLICT on `email`. */
export const create: Handler<Users['create']> = async (input, { db }) => {
  const [row] = await db.insert(tables.users).values({ email: input.email, displayName: input.displayName }).returning();
  if (!row) throw new Error('insert into users returned no row');
  return toUser(row);
};

export const get: Handler<Users['get']> = async (input, { db }) => {
  const [row] = await db.select().from(tables.users).where(eq(tables.users.id, input.id));
  return row ? toUser(row) : null;
};
