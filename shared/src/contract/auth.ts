import { z } from 'zod';
import { defineMutation, defineQuery, entityId, timestamp } from '../define';
import { User } from './users';

const Password = z.string().min(12).max(200).describe('At least 12 characters');

export const RegisterInput = z.strictObject({
  email: z.email().max(254),
  password: Password,
  displayName: z.string().trim().min(1).max(80),
});

export const LoginInput = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export const Session = z
  .object({
    token: z.string().describe('Send as `Authorization: Bearer <token>`; also set as the HttpOnly session cookie'),
    expiresAt: timestamp(),
    user: User,
  })
  .meta({ id: 'Session', description: 'A signed-in session' });

export const CreatedApiKey = z
  .object({
    id: entityId(),
    name: z.string(),
    key: z.string().describe('The key itself, shown only this once'),
    prefix: z.string(),
    createdAt: timestamp(),
  })
  .meta({ id: 'CreatedApiKey', description: 'A new API key; store `key` now, it cannot be shown again' });

export const RevokedApiKey = z.object({ id: entityId(), revokedAt: timestamp() }).meta({ id: 'RevokedApiKey' });

export const LoggedOut = z.object({ loggedOut: z.boolean() }).meta({ id: 'LoggedOut' });

export const register = defineMutation({
  name: 'auth.register',
  rest: { method: 'POST', path: '/auth/register', status: 201 },
  graphqlName: 'register',
  description: 'Create an account with a password. A taken email is a CONFLICT.',
  // A replay could not sign the new account in again (the session cookie is set by running it).
  idempotency: 'none',
  auth: 'public',
  errors: ['CONFLICT'],
  input: RegisterInput,
  output: User,
});

export const login = defineMutation({
  name: 'auth.login',
  rest: { method: 'POST', path: '/auth/login' },
  graphqlName: 'login',
  description:
    'Sign in: returns a session token and sets the session cookie. Wrong email or password: UNAUTHENTICATED. Attempts are limited per address and email.',
  // Each sign-in is a new session; a replay could not set its cookie.
  idempotency: 'none',
  auth: 'public',
  rateLimit: { by: 'email' },
  errors: ['UNAUTHENTICATED'],
  input: LoginInput,
  output: Session,
});

export const logout = defineMutation({
  name: 'auth.logout',
  rest: { method: 'POST', path: '/auth/logout' },
  graphqlName: 'logout',
  description: 'End the current session and clear the session cookie.',
  idempotency: 'none',
  auth: 'user',
  input: z.strictObject({}),
  output: LoggedOut,
});

export const createApiKey = defineMutation({
  name: 'auth.createApiKey',
  graphqlName: 'createApiKey',
  description: 'Create a named API key for the signed-in user (`gp_…`); it is shown once.',
  // The key is shown once and stored only hashed; a stored replay would keep it at rest.
  idempotency: 'none',
  auth: 'user',
  input: z.strictObject({ name: z.string().trim().min(1).max(100) }),
  output: CreatedApiKey,
});

export const revokeApiKey = defineMutation({
  name: 'auth.revokeApiKey',
  graphqlName: 'revokeApiKey',
  description: 'Revoke one of your API keys; it stops working at once.',
  auth: 'user',
  errors: ['NOT_FOUND'],
  input: z.strictObject({ id: entityId() }),
  output: RevokedApiKey,
});

export const me = defineQuery({
  name: 'auth.me',
  rest: { method: 'GET', path: '/auth/me' },
  graphqlName: 'me',
  description: 'The signed-in user; null for the operator key, which is no user.',
  auth: 'user',
  input: z.strictObject({}),
  output: User.nullable(),
});

export const auth = { register, login, logout, createApiKey, revokeApiKey, me };
