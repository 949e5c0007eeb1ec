// Wire helpers for the batch suites: raw tRPC batches and GraphQL requests as httpBatchLink or a
// curl user sends them, and database snapshots that prove what a batch kept and what it did not.
import { randomBytes } from 'node:crypto';
import { tables } from '@gatepost/db';
import { count, like, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestDatabase } from '../helpers/databases';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

/** A random tag for one test: every email it uses carries it, so its rows can be told apart. */
export function uniqueTag(): string {
  return randomBytes(5).toString('hex');
}

/** `label.tag@example.com`: unique to the test that made `tag`. */
export function emailOf(label: string, tag: string): string {
  return `${label}.${tag}@example.com`;
}

export const ATOMIC = { 'gatepost-atomic': 'true' } as const;

export interface WireAnswer<Body> {
  readonly status: number;
  readonly body: Body;
  readonly text: string;
}

/** One entry of a tRPC batch response. */
export interface TrpcEntry {
  readonly result?: { readonly data: Record<string, unknown> & { id?: string } };
  readonly error?: {
    readonly message: string;
    readonly data: { readonly code: string; readonly httpStatus: number; readonly issues?: { path: unknown[]; message: string }[] };
  };
}

export interface GraphQLErrorJson {
  readonly message: string;
  readonly path?: (string | number)[];
  readonly extensions?: { readonly code?: string; readonly issues?: { path: unknown[]; message: string }[] };
}

export interface GraphQLResult {
  readonly data?: Record<string, ({ id: string } & Record<string, unknown>) | ({ id: string } & Record<string, unknown>)[] | null> | null;
  readonly errors?: GraphQLErrorJson[];
}

async function answerOf<Body>(response: Response): Promise<WireAnswer<Body>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body: body as Body, text };
}

/** A tRPC call as a batch carries it: the procedure path and its input. */
export interface TrpcCall {
  readonly path: string;
  readonly input: unknown;
}

/** `POST /trpc/a,b,c?batch=1` with body `{"0":…,"1":…}`, exactly what httpBatchLink sends. */
export async function postTrpcBatch<Body = TrpcEntry[]>(
  gp: GatepostUnderTest,
  calls: readonly TrpcCall[],
  headers: Record<string, string> = {},
): Promise<WireAnswer<Body>> {
  const body = Object.fromEntries(calls.map((call, index) => [String(index), call.input]));
  return postTrpcRaw<Body>(gp, `/trpc/${calls.map((call) => call.path).join(',')}?batch=1`, body, headers);
}

export async function postTrpcRaw<Body = TrpcEntry[]>(
  gp: GatepostUnderTest,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WireAnswer<Body>> {
  const response = await gp.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return answerOf<Body>(response);
}

/** A POST to /graphql of one operation (an object) or a request array, answered as GraphQL-over-HTTP says. */
export async function postGraphQL<Body = GraphQLResult>(
  gp: GatepostUnderTest,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WireAnswer<Body>> {
  const response = await gp.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return answerOf<Body>(response);
}

export const SUBMIT_CONTACT = 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id name email message createdAt } }';
export const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email displayName createdAt } }';
export const SUBMIT_MANY = 'mutation($input: SubmitManyContactsInput!) { submitManyContacts(input: $input) { id name email } }';
export const CREATE_MANY = 'mutation($input: CreateManyUsersInput!) { createManyUsers(input: $input) { id email displayName } }';

/** The catalog code of a tRPC batch entry, or 'OK'. */
export function codeOf(entry: TrpcEntry | undefined): string {
  if (!entry) return 'MISSING';
  return entry.result ? 'OK' : (entry.error?.data.code ?? 'NO_CODE');
}

/** Each field error of a GraphQL result, keyed by its response key: `{ user: 'CONFLICT' }`. */
export function fieldErrorCodes(result: GraphQLResult | undefined): Record<string, string | undefined> {
  return Object.fromEntries((result?.errors ?? []).map((error) => [String(error.path?.[0]), error.extensions?.code]));
}

/** Every row of both tables, as counts and id sets: what a failed all-or-nothing request must leave alone. */
export interface TableSnapshot {
  readonly contactCount: number;
  readonly userCount: number;
  readonly contactIds: string[];
  readonly userIds: string[];
}

export async function snapshotTables(database: TestDatabase): Promise<TableSnapshot> {
  const { db } = database.handle;
  const [contactCount] = await db.select({ value: count() }).from(tables.contacts);
  const [userCount] = await db.select({ value: count() }).from(tables.users);
  const contactIds = (await db.select({ id: tables.contacts.id }).from(tables.contacts)).map((row) => row.id).sort();
  const userIds = (await db.select({ id: tables.users.id }).from(tables.users)).map((row) => row.id).sort();
  return { contactCount: contactCount?.value ?? -1, userCount: userCount?.value ?? -1, contactIds, userIds };
}

/** Asserts the tables hold exactly what they held in `before`: same counts, same ids. */
export async function expectTablesUnchanged(database: TestDatabase, before: TableSnapshot): Promise<void> {
  expect(await snapshotTables(database)).toEqual(before);
}

/** Contacts and users whose email carries `tag` (in any letter case). */
export async function rowsTagged(database: TestDatabase, tag: string) {
  const { db } = database.handle;
  const pattern = `%${tag}%`;
  const contacts = await db
    .select()
    .from(tables.contacts)
    .where(like(sql`lower(${tables.contacts.email})`, pattern));
  const users = await db
    .select()
    .from(tables.users)
    .where(like(sql`lower(${tables.users.email})`, pattern));
  return { contacts, users };
}

/**
 * How many distinct `created_at` values the contacts carrying `tag` have, compared in the
 * database at full (microsecond) precision. `now()` is fixed per transaction, so rows written
 * by one statement share one value and rows written by separate statements do not.
 */
export async function distinctContactTimestamps(database: TestDatabase, tag: string): Promise<{ rows: number; distinct: number }> {
  const [row] = await database.handle.db
    .select({
      rows: sql<number>`count(*)`.mapWith(Number),
      distinct: sql<number>`count(distinct ${tables.contacts.createdAt})`.mapWith(Number),
    })
    .from(tables.contacts)
    .where(like(tables.contacts.email, `%${tag}%`));
  return { rows: row?.rows ?? -1, distinct: row?.distinct ?? -1 };
}

export async function distinctUserTimestamps(database: TestDatabase, tag: string): Promise<{ rows: number; distinct: number }> {
  const [row] = await database.handle.db
    .select({
      rows: sql<number>`count(*)`.mapWith(Number),
      distinct: sql<number>`count(distinct ${tables.users.createdAt})`.mapWith(Number),
    })
    .from(tables.users)
    .where(like(sql`lower(${tables.users.email})`, `%${tag}%`));
  return { rows: row?.rows ?? -1, distinct: row?.distinct ?? -1 };
}

/** The request log lines (one per HTTP request) written since `from`. */
export function requestLinesSince(gp: GatepostUnderTest, from: number): Record<string, unknown>[] {
  return gp.logs.slice(from).filter((line) => line.msg === 'request');
}

/** Fastify writes a request's log line once its response is sent; give the last one a moment to land. */
export async function settleLogs(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
