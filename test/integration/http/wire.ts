// Raw-wire helpers shared by the HTTP integration tests: what a curl user or a non-TypeScript
// client sends, so the tests see exactly what goes over the socket.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestDatabase } from '../../helpers/databases';

export const SUBMIT_CONTACT = 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id } }';

/** The GraphQL-over-HTTP media type under which request errors are 4xx (spec §7.2.2). */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** An email no other test in the file uses, so rows can be counted per test. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/** A unique, header-safe request id. */
export function uniqueRequestId(label: string): string {
  return `${label}-${randomUUID()}`;
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function postGraphQL(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): RequestInit {
  return postJson({ query, variables }, { accept: GRAPHQL_RESPONSE, ...headers });
}

/** `/trpc/contacts.get?input=…`: a tRPC query by GET, its input URL-encoded JSON. */
export function trpcQueryPath(procedure: string, input: unknown): string {
  return `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

export async function contactRowsWithEmail(database: TestDatabase, email: string) {
  return database.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));
}

/** The catalog code of an error body, whichever protocol answered. */
export function errorCodeOf(body: unknown): unknown {
  const value = body as { error?: { data?: { code?: unknown } }; errors?: { extensions?: { code?: unknown } }[] };
  return value.error?.data?.code ?? value.errors?.[0]?.extensions?.code;
}

/** The human message of an error body, whichever protocol answered. */
export function errorMessageOf(body: unknown): string {
  const value = body as { error?: { message?: unknown }; errors?: { message?: unknown }[] };
  return String(value.error?.message ?? value.errors?.[0]?.message ?? '');
}

/** The issues of a validation error body, whichever protocol answered. */
export function issuesOf(body: unknown): { path: unknown[]; message: string }[] {
  const value = body as {
    error?: { data?: { issues?: { path: unknown[]; message: string }[] } };
    errors?: { extensions?: { issues?: { path: unknown[]; message: string }[] } }[];
  };
  return value.error?.data?.issues ?? value.errors?.[0]?.extensions?.issues ?? [];
}

/** A client error leaks nothing of the server: no stack frame, no source path, no SQL. */
export function expectNothingLeaked(text: string): void {
  expect(text).not.toMatch(/\n\s+at\s/);
  expect(text).not.toMatch(/node_modules|\/src\/|\.ts:\d+|\.js:\d+/);
  expect(text).not.toMatch(/\b(select|insert into|update|delete from)\b.*\b(from|values|set|where)\b/i);
  expect(text).not.toMatch(/"stack"/);
}

/** Fastify writes the request log line once the response has been sent, so wait for it. */
export function logLinesOf(logs: readonly Record<string, unknown>[], requestId: string): Record<string, unknown>[] {
  return logs.filter((line) => line.requestId === requestId);
}
