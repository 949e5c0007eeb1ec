import { randomUUID } from 'node:crypto';
import { GatepostError, type contract } from '@gatepost/shared';
import { perDatabase, tables, type Database } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Handler, HandlerDefinition } from '../pipeline/index';

type Users = typeof contract.users;
type UserInput = z.output<Users['create']['input']>;
type UserOutput = z.input<Users['create']['output']>;

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

function toUser(row: typeof tables.users.$inferSelect): UserOutput {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

const EMAIL_TAKEN = tables.constraintMessages.users_email_lower_unique?.message ?? 'is already taken';

/** The same refusal a single create meets when `users_email_lower_unique` is violated. */
function emailTaken(): GatepostError {
  return new GatepostError('CONFLICT', `email: ${EMAIL_TAKEN}`, { issues: [{ path: ['email'], message: EMAIL_TAKEN }] });
}

/**
 * One multi-row INSERT … ON CONFLICT DO NOTHING: a row whose email is taken — before, or by
 * an earlier row of the same statement, as one-by-one calls would find it — is skipped, and
 * its place in the result says so. Ids are made here, so rows map back to inputs by id.
 */
async function insertUsers(db: Database, inputs: readonly UserInput[]): Promise<(UserOutput | undefined)[]> {
  const rows = inputs.map((input) => ({ id: randomUUID(), email: input.email, displayName: input.displayName }));
  const inserted = await db.insert(tables.users).values(rows).onConflictDoNothing().returning();
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return rows.map((row) => {
    const stored = byId.get(row.id);
    return stored ? toUser(stored) : undefined;
  });
}

/** A taken email (any letter case) violates `users_email_lower_unique`, which the pipeline reports as CONFLICT on `email`. */
export const create: HandlerDefinition<Users['create']> = {
  singleStatement: true,
  run: async (input, { db }) => {
    const [row] = await insertUser(db).execute({ email: input.email, displayName: input.displayName });
    if (!row) throw new Error('insert into users returned no row');
    return toUser(row);
  },
  many: async (inputs, { db }) => (await insertUsers(db, inputs)).map((user) => user ?? emailTaken()),
};

/** All or none: any skipped row is a CONFLICT naming its item, and the transaction undoes the rest. */
export const createMany: Handler<Users['createMany']> = async (input, { db }) => {
  const users = await insertUsers(db, input.items);
  const taken = users.flatMap((user, index) => (user ? [] : [{ path: ['items', index, 'email'], message: EMAIL_TAKEN }]));
  if (taken.length > 0) {
    throw new GatepostError('CONFLICT', taken.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '), { issues: taken });
  }
  return users.filter((user): user is UserOutput => user !== undefined);
};

export const get: Handler<Users['get']> = async (input, { db }) => {
  const [row] = await userById(db).execute({ id: input.id });
  return row ? toUser(row) : null;
};
