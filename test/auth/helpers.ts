// Helpers for the account and authorisation suites: raw requests with full control over the
// Authorization, Cookie, Origin and Sec-Fetch-Site headers, signed-in users made through the real
// API, and database reads that prove what was (and was not) written.
import { createHash, randomUUID } from 'node:crypto';
import type { GatepostClient } from '@gatepost/client';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestDatabase } from '../helpers/databases';
import type { Protocol } from '../helpers/protocols';
import { rawOperation, type RawAnswer } from '../helpers/raw-operation';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

export const SESSION_COOKIE = 'gatepost_session';
/** A password every test user gets: long enough for the contract (≥ 12 characters), easy to search for. */
export const PASSWORD = 'correct-horse-battery-staple';
export const WRONG_CREDENTIALS_MESSAGE = 'The email or password is not right.';

/** An email no other test uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function cookie(token: string): Record<string, string> {
  return { cookie: `${SESSION_COOKIE}=${token}` };
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** One operation over one protocol with exactly the headers given and no others (no operator key is added). */
export const rawCall = rawOperation;
export type { RawAnswer };

/** The data of a successful answer; fails the test, showing the answer, otherwise. */
export function dataOf<T = Record<string, unknown>>(answer: RawAnswer): T {
  expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({ ok: true });
  return (answer.outcome as { data: T }).data;
}

/** The catalog code of an answer, or 'OK'. */
export function codeOf(answer: RawAnswer): string {
  return answer.outcome.ok ? 'OK' : answer.outcome.code;
}

/**
 * The catalog code as a protocol names it: tRPC answers with the catalog code itself, GraphQL
 * with its `extensions.code` (the same words for every code used in these suites).
 */
export function expectCode(answer: RawAnswer, code: string): void {
  expect(codeOf(answer), JSON.stringify(answer.body)).toBe(code);
}

const HTTP_STATUS: Record<string, number> = { VALIDATION_FAILED: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/**
 * A refusal with its catalog code and HTTP status: tRPC answers with the code's status; GraphQL
 * reports a field error in a 200, as the GraphQL-over-HTTP spec has it.
 */
export function expectRefused(answer: RawAnswer, protocol: Protocol, code: string): void {
  expectCode(answer, code);
  expect(HTTP_STATUS[code], `no status known for ${code}`).toBeDefined();
  expect(answer.status, JSON.stringify(answer.body)).toBe(protocol === 'trpc' ? HTTP_STATUS[code] : 200);
}

export interface SignedIn {
  readonly email: string;
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly setCookie: string[];
}

/** Registers a new user and signs it in over `protocol`, with no other credentials in play. */
export async function signUp(gp: GatepostUnderTest, label: string, protocol: Protocol = 'trpc'): Promise<SignedIn> {
  const email = uniqueEmail(label);
  dataOf(await rawCall(gp, protocol, 'auth.register', { email, password: PASSWORD, displayName: label }));
  return signIn(gp, email, protocol);
}

export async function signIn(gp: GatepostUnderTest, email: string, protocol: Protocol = 'trpc'): Promise<SignedIn> {
  const answer = await rawCall(gp, protocol, 'auth.login', { email, password: PASSWORD });
  const session = dataOf<{ token: string; expiresAt: string; user: { id: string } }>(answer);
  return { email, userId: session.user.id, token: session.token, expiresAt: session.expiresAt, setCookie: answer.headers.getSetCookie() };
}

/** A client acting with this bearer token and nothing else. */
export function clientWith(gp: GatepostUnderTest, token: string): GatepostClient {
  return gp.anonymousClient({ headers: bearer(token) });
}

/** The `gatepost_session` Set-Cookie line of a response, parsed into its value and attributes. */
export function sessionSetCookie(lines: readonly string[]): { value: string; attributes: Map<string, string> } | undefined {
  const line = lines.find((candidate) => candidate.startsWith(`${SESSION_COOKIE}=`));
  if (!line) return undefined;
  const [pair = '', ...rest] = line.split(';').map((part) => part.trim());
  const attributes = new Map(
    rest.map((part) => {
      const [name = '', ...value] = part.split('=');
      return [name.toLowerCase(), value.join('=')] as const;
    }),
  );
  return { value: decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1)), attributes };
}

export async function contactsWithEmail(database: TestDatabase, email: string) {
  return database.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));
}

export async function usersWithEmail(database: TestDatabase, email: string) {
  return database.handle.db.select().from(tables.users).where(eq(tables.users.email, email));
}

export async function makeAdmin(database: TestDatabase, userId: string): Promise<void> {
  await database.handle.db.update(tables.users).set({ role: 'admin' }).where(eq(tables.users.id, userId));
}

/** The median of a few numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
