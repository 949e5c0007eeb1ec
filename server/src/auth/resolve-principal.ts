import { type GatepostError, refusal } from '@gatepost/shared';
import { perDatabase, tables, type Database } from '@gatepost/db';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Principal } from '../pipeline/types';
import type { Credentials } from './credentials';
import { API_KEY_PREFIX, sameSecret, tokenDigest } from './tokens';

export type PrincipalResult =
  { readonly ok: true; readonly principal: Principal | null } | { readonly ok: false; readonly error: GatepostError };

const sessionByDigest = perDatabase((db) =>
  db
    .select({ sessionId: tables.sessions.id, userId: tables.users.id, role: tables.users.role })
    .from(tables.sessions)
    .innerJoin(tables.users, eq(tables.users.id, tables.sessions.userId))
    .where(
      and(
        eq(tables.sessions.tokenHash, sql.placeholder('digest')),
        isNull(tables.sessions.revokedAt),
        gt(tables.sessions.expiresAt, sql`now()`),
      ),
    )
    .prepare('sessions_by_digest'),
);

const apiKeyByDigest = perDatabase((db) =>
  db
    .select({ apiKeyId: tables.apiKeys.id, userId: tables.users.id, role: tables.users.role })
    .from(tables.apiKeys)
    .innerJoin(tables.users, eq(tables.users.id, tables.apiKeys.userId))
    .where(and(eq(tables.apiKeys.keyHash, sql.placeholder('digest')), isNull(tables.apiKeys.revokedAt)))
    .prepare('api_keys_by_digest'),
);

const invalidCredentials = (): PrincipalResult => ({
  ok: false,
  error: refusal('CREDENTIALS_INVALID', []),
});

export interface PrincipalDeps {
  readonly db: Database;
  /** SHA-256 of ADMIN_API_KEY, when one is configured. */
  readonly operatorKeyDigest: Buffer | undefined;
}

/**
 * Who presented these credentials. No credentials: anonymous (null). Credentials that match
 * nothing valid are refused (401) even for public operations: a client whose token expired
 * should learn it, not silently act anonymously.
 */
export async function resolvePrincipal(credentials: Credentials, deps: PrincipalDeps): Promise<PrincipalResult> {
  if (credentials.crossSiteCookie) {
    return {
      ok: false,
      error: refusal('CROSS_SITE_COOKIE', []),
    };
  }
  const { bearer, sessionCookie } = credentials;
  if (bearer !== undefined) {
    if (deps.operatorKeyDigest && sameSecret(bearer, deps.operatorKeyDigest))
      return { ok: true, principal: { id: 'operator', role: 'admin', via: 'operator-key' } };
    if (bearer.startsWith(API_KEY_PREFIX)) {
      const [key] = await apiKeyByDigest(deps.db).execute({ digest: tokenDigest(bearer) });
      return key
        ? { ok: true, principal: { id: key.userId, role: key.role, via: 'api-key', apiKeyId: key.apiKeyId } }
        : invalidCredentials();
    }
    return sessionPrincipal(bearer, deps.db);
  }
  if (sessionCookie !== undefined) return sessionPrincipal(sessionCookie, deps.db);
  return { ok: true, principal: null };
}

async function sessionPrincipal(token: string, db: Database): Promise<PrincipalResult> {
  const [session] = await sessionByDigest(db).execute({ digest: tokenDigest(token) });
  return session
    ? { ok: true, principal: { id: session.userId, role: session.role, via: 'session', sessionId: session.sessionId } }
    : invalidCredentials();
}
