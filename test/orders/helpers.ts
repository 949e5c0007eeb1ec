// Helpers for the orders suites: order inputs, what a placed order writes (counted, so a refusal
// can be shown to write none of it), and refusals read the same way over both protocols.
import { tables } from '@gatepost/db';
import type { OutputOf } from '@gatepost/client';
import { ERROR_CATALOG, type ErrorCode, type InputIssue } from '@gatepost/shared';
import { count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { heldBy, stockOf } from '../helpers/commerce';
import type { CallResult, Protocol } from '../helpers/protocols';
import { codeOf, type RawAnswer } from '../helpers/raw-operation';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

export type Order = OutputOf<'orders.place'>;
export type PaymentToken = 'tok_approve' | 'tok_decline' | 'tok_error';

export function orderOf(items: readonly { productId: string; quantity: number }[], paymentToken: PaymentToken = 'tok_approve') {
  return { items: items.map((item) => ({ ...item })), paymentToken };
}

/** The data of a successful client call; fails the test, showing the refusal, otherwise. */
export function succeeded<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.data as T;
}

/** Everything placing an order writes, counted. */
export interface Footprint {
  readonly stock: readonly number[];
  readonly orders: number;
  readonly orderLines: number;
  readonly placedEvents: number;
  /** Money taken. */
  readonly captures: number;
  /** Money held on a card and not released. */
  readonly holds: number;
}

export async function footprint(gp: GatepostUnderTest, productIds: readonly string[]): Promise<Footprint> {
  const { db } = gp.database.handle;
  const [orders] = await db.select({ value: count() }).from(tables.orders);
  const [orderLines] = await db.select({ value: count() }).from(tables.orderLines);
  const [placedEvents] = await db.select({ value: count() }).from(tables.outboxEvents).where(eq(tables.outboxEvents.type, 'order.placed'));
  return {
    stock: await Promise.all(productIds.map((id) => stockOf(gp.database, id))),
    orders: orders?.value ?? 0,
    orderLines: orderLines?.value ?? 0,
    placedEvents: placedEvents?.value ?? 0,
    captures: gp.payments.captures.length,
    holds: heldBy(gp.payments).length,
  };
}

/**
 * A refusal with its catalog code and HTTP status, as each protocol reports it: tRPC with the
 * code's status, GraphQL with its `extensions.code` in a 200 (GraphQL over HTTP: field errors).
 */
export function expectRefused(answer: RawAnswer, protocol: Protocol, code: ErrorCode): void {
  const shown = JSON.stringify(answer.body);
  expect(codeOf(answer), shown).toBe(protocol === 'trpc' ? code : ERROR_CATALOG[code].graphql);
  expect(answer.status, shown).toBe(protocol === 'trpc' ? ERROR_CATALOG[code].status : 200);
}

/** The field issues a refusal names (tRPC `error.data.issues`, GraphQL `extensions.issues`). */
export function issuesOf(answer: RawAnswer, protocol: Protocol): InputIssue[] {
  if (protocol === 'trpc') return (answer.body as { error?: { data?: { issues?: InputIssue[] } } }).error?.data?.issues ?? [];
  const [first] = (answer.body as { errors?: { extensions?: { issues?: InputIssue[] } }[] }).errors ?? [];
  return first?.extensions?.issues ?? [];
}
