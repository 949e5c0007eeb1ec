import { GatepostError, type contract } from '@gatepost/shared';
import { perDatabase, tables } from '@gatepost/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hashOfNoPassword, hashPassword, verifyPassword } from '../auth/passwords';
import { newApiKey, newSessionToken, tokenDigest } from '../auth/tokens';
import type { Handler, HandlerDefinition, Principal } from '../pipeline/index';
import { signedInUser } from './signed-in-user';
import { toUser } from './users';

type Auth = typeof contract.auth;

const userByEmail = perDatabase((db) =>
  db
    .select()
    .from(tables.users)
    .where(sql`lower(${tables.users.email}) = lower(${sql.placeholder('email')})`)
    .prepare('users_by_email'),
);

/** One message for an unknown email and a wrong password: the answer must not tell them apart. */
const WRONG_CREDENTIALS = 'The email or password is not right.';

export const register: HandlerDefinition<Auth['register']> = {
  singleStatement: true,
  run: async (input, { db, settings }) => {
    const passwordHash = await hashPassword(input.password, settings.passwordHashCost);
    const [row] = await db.insert(tables.users).values({ email: input.email, displayName: input.displayName, passwordHash }).returning();
    if (!row) throw new Error('insert into users returned no row');
    return toUser(row);
  },
};

/** Always one scrypt verification, against a dummy hash when the email is unknown: no enumeration by timing. */
export const login: Handler<Auth['login']> = async (input, { db, settings, sessionCookie }) => {
  const [user] = await userByEmail(db).execute({ email: input.email });
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await hashOfNoPassword(settings.passwordHashCost)));
  if (!user || !user.passwordHash || !matches) throw new GatepostError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + settings.sessionTtlSeconds * 1000);
  await db.insert(tables.sessions).values({ userId: user.id, tokenHash: tokenDigest(token), expiresAt });
  sessionCookie.set(token, expiresAt);
  return { token, expiresAt: expiresAt.toISOString(), user: toUser(user) };
};

export const logout: HandlerDefinition<Auth['logout']> = {
  singleStatement: true,
  run: async (_input, { db, principal, sessionCookie }) => {
    sessionCookie.clear();
    if (principal?.via !== 'session' || !principal.sessionId) return { loggedOut: false };
    await db.update(tables.sessions).set({ revokedAt: new Date() }).where(eq(tables.sessions.id, principal.sessionId));
    return { loggedOut: true };
  },
};

export const createApiKey: HandlerDefinition<Auth['createApiKey']> = {
  singleStatement: true,
  run: async (input, { db, principal }) => {
    const owner = signedInUser(principal, 'create API keys');
    const key = newApiKey();
    const [row] = await db
      .insert(tables.apiKeys)
      .values({ userId: owner.id, name: input.name, prefix: key.slice(0, 10), keyHash: tokenDigest(key) })
      .returning();
    if (!row) throw new Error('insert into api_keys returned no row');
    return { id: row.id, name: row.name, key, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
  },
};

/** Your own keys only; the operator may revoke any. Someone else's key is NOT_FOUND, not FORBIDDEN: its existence stays private. */
export const revokeApiKey: HandlerDefinition<Auth['revokeApiKey']> = {
  singleStatement: true,
  run: async (input, { db, principal }) => {
    const mine = principal?.via === 'operator-key' ? undefined : eq(tables.apiKeys.userId, signedInUser(principal, 'revoke API keys').id);
    const [row] = await db
      .update(tables.apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(tables.apiKeys.id, input.id), isNull(tables.apiKeys.revokedAt), mine))
      .returning();
    if (!row?.revokedAt)
      throw new GatepostError('NOT_FOUND', 'id: no active API key of yours has this id.', {
        issues: [{ path: ['id'], message: 'no active API key of yours has this id' }],
      });
    return { id: row.id, revokedAt: row.revokedAt.toISOString() };
  },
};

export const me: Handler<Auth['me']> = async (_input, { db, principal }) => {
  if (!principal || principal.via === 'operator-key') return null;
  const [row] = await db.select().from(tables.users).where(eq(tables.users.id, principal.id));
  return row ? toUser(row) : null;
};
