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

/** Named fields only: a row also holds the password hash, which must never travel. */
export function toUser(row: Pick<typeof tables.users.$inferSelect, 'id' | 'email' | 'displayName' | 'createdAt'>): UserOutput {
  return { id: row.id, email: row.email, displayName: row.displayName, createdAt: row.createdAt.toISOString() };
}

const EMAIL_TAKEN = tables.constraintMessages.users_email_lower_unique?.message ?? 'is already taken';

/** The same refusal a single create meets when `users_email_lower_unique` is violated. */
function emailTaken(): GatepostError {
  return new GatepostError('CONFLICT', `email: ${EMAIL_TAKEN}`, { issues: [{ path: ['email'], message: EMAIL_TAKEN }] });
}

/** Any number of rows in one prepared statement, each column as one array parameter (see contacts). */
const insertUserRows = perDatabase((db) =>
  db
    .insert(tables.users)
    .select(
      sql`select t.id, t.email, t.display_name, 'user', null, now() from unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('emails')}::text[], ${sql.placeholder('displayNames')}::text[]) with ordinality as t(id, email, display_name, position) order by t.position`,
    )
    .onConflictDoNothing()
    .returning()
    .prepare('users_insert_rows'),
);

/**
 * One INSERT … ON CONFLICT DO NOTHING: a row whose email is taken — before, or by an earlier
 * row of the same statement (rows go in input order), as one-by-one calls would find it — is
 * skipped, and its place in the result says so. Ids are made here, so rows map back by id.
 */
async function insertUsers(db: Database, inputs: readonly UserInput[]): Promise<(UserOutput | undefined)[]> {
  const ids = inputs.map(() => randomUUID());
  const inserted = await insertUserRows(db).execute({
    ids,
    emails: inputs.map((input) => input.email),
    displayNames: inputs.map((input) => input.displayName),
  });
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return ids.map((id) => {
    const stored = byId.get(id);
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
  coalesced: async (inputs, { db }) => (await insertUsers(db, inputs)).map((user) => user ?? emailTaken()),
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
