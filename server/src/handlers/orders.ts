import { randomUUID } from 'node:crypto';
import { describeIssues, GatepostError, type contract } from '@gatepost/shared';
import { perDatabase, tables, type Database } from '@gatepost/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { PAYMENT_CAPTURE_EVENT, type PaymentCaptureEvent } from '../payments/capture-order';
import type { Handler, HandlerContext } from '../pipeline/index';
import { signedInUser } from './signed-in-user';

type Orders = typeof contract.orders;
type OrderOutput = z.input<Orders['place']['output']>;
type OrderItem = z.output<Orders['place']['input']>['items'][number];

interface PricedLine {
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/**
 * Places an order in the call's one transaction: take the stock, authorise the payment (a hold),
 * record the order and its lines, and emit `order.placed` and `payment.capture`. A decline, an
 * outage or too little stock undoes all of it. Money is only held here, never taken: the hold is
 * captured once this transaction has committed, and voided if it does not commit (the pipeline
 * settles it; the `payment.capture` event, committed with the order, lets the reconciler capture
 * it if the process dies first). The hold comes after every check that can fail, so no buyer's
 * money is held for an order that could not be placed.
 */
export const place: Handler<Orders['place']> = async (input, ctx) => {
  const buyer = signedInUser(ctx.principal, 'place orders');
  const lines = await takeStock(ctx.db, input.items);
  const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  // Chosen before the hold, so the provider keeps the order's id with it (Stripe's metadata).
  const orderId = randomUUID();
  const paymentId = await authorise(ctx, { orderId, totalCents, token: input.paymentToken, lineCount: lines.length });
  const [order] = await ctx.db.insert(tables.orders).values({ id: orderId, userId: buyer.id, totalCents, paymentId }).returning();
  if (!order) throw new Error('insert into orders returned no row');
  await ctx.db.insert(tables.orderLines).values(lines.map((line, position) => ({ ...line, orderId, position })));
  await ctx.emit('order.placed', {
    orderId,
    userId: buyer.id,
    totalCents,
    items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
  });
  await ctx.emit(PAYMENT_CAPTURE_EVENT, { orderId, authorisationId: paymentId, amountCents: totalCents } satisfies PaymentCaptureEvent);
  return toOrder(order, lines);
};

/**
 * Locks the ordered products in id order — two orders sharing products always lock them in the
 * same order, so they queue instead of deadlocking — then takes the stock. The check here gives
 * a precise message; the table's CHECK (stock ≥ 0) holds even if this code were wrong.
 */
async function takeStock(db: Database, items: readonly OrderItem[]): Promise<PricedLine[]> {
  const ids = items.map((item) => item.productId);
  const rows = await db
    .select({ id: tables.products.id, name: tables.products.name, priceCents: tables.products.priceCents, stock: tables.products.stock })
    .from(tables.products)
    .where(inArray(tables.products.id, ids))
    .orderBy(asc(tables.products.id))
    .for('update');
  const byId = new Map(rows.map((row) => [row.id, row]));
  const issues = items.flatMap((item, index) => {
    const product = byId.get(item.productId);
    if (!product) return [{ path: ['items', index, 'productId'], message: 'no such product' }];
    if (product.stock < item.quantity) return [{ path: ['items', index, 'quantity'], message: `only ${product.stock} left` }];
    return [];
  });
  const missing = issues.filter((issue) => issue.message === 'no such product');
  if (missing.length > 0) throw new GatepostError('NOT_FOUND', describeIssues(missing), { issues: missing });
  if (issues.length > 0) throw new GatepostError('CONFLICT', `Not enough stock: ${describeIssues(issues)}`, { issues });
  await db
    .update(tables.products)
    .set({ stock: sql`${tables.products.stock} - taken.quantity` })
    // sql.param: drizzle would otherwise spread an array into one parameter per element.
    .from(sql`unnest(${sql.param(ids)}::uuid[], ${sql.param(items.map((item) => item.quantity))}::int[]) as taken(id, quantity)`)
    .where(sql`${tables.products.id} = taken.id`);
  return items.map((item) => {
    const product = byId.get(item.productId) as (typeof rows)[number];
    return { productId: product.id, productName: product.name, quantity: item.quantity, unitPriceCents: product.priceCents };
  });
}

interface PaymentFor {
  readonly orderId: string;
  readonly totalCents: number;
  readonly token: string;
  readonly lineCount: number;
}

async function authorise(ctx: HandlerContext, { orderId, totalCents, token, lineCount }: PaymentFor): Promise<string> {
  const result = await ctx.payments.authorise({
    amountCents: totalCents,
    token,
    // One key per attempt, not per Idempotency-Key: an attempt that rolled back had its hold
    // voided, and the provider would answer a reused key with that voided hold. The caller's key
    // is kept in it for whoever reads the provider's dashboard.
    idempotencyKey: ctx.idempotencyKey ? `${ctx.idempotencyKey}/order/${orderId}` : `order/${orderId}`,
    description: `gatepost order of ${lineCount} product${lineCount === 1 ? '' : 's'}`,
    reference: orderId,
  });
  if (result.approved) return result.authorisationId;
  throw new GatepostError('PAYMENT_DECLINED', `The payment was declined: ${result.reason} Nothing was charged and no order was placed.`, {
    issues: [{ path: ['paymentToken'], message: result.reason }],
  });
}

function toOrder(order: typeof tables.orders.$inferSelect, lines: readonly PricedLine[]): OrderOutput {
  return {
    id: order.id,
    status: order.status,
    totalCents: order.totalCents,
    paymentId: order.paymentId,
    createdAt: order.createdAt.toISOString(),
    items: lines.map((line) => ({ ...line, lineTotalCents: line.quantity * line.unitPriceCents })),
  };
}

/** Only the buyer reads an order; anyone else learns nothing, not even that it exists. */
export const get: Handler<Orders['get']> = async (input, { db, principal }) => {
  const buyer = signedInUser(principal, 'read orders');
  const [order] = await db
    .select()
    .from(tables.orders)
    .where(and(eq(tables.orders.id, input.id), eq(tables.orders.userId, buyer.id)));
  if (!order) return null;
  const lines = await db
    .select({
      productId: tables.orderLines.productId,
      productName: tables.orderLines.productName,
      quantity: tables.orderLines.quantity,
      unitPriceCents: tables.orderLines.unitPriceCents,
    })
    .from(tables.orderLines)
    .where(eq(tables.orderLines.orderId, order.id))
    .orderBy(asc(tables.orderLines.position));
  return toOrder(order, lines);
};
