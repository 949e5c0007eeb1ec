import { z } from 'zod';
import { defineMutation, defineQuery, entityId, timestamp } from '../define';
import { Cents } from './catalog';

export const MAX_ORDER_LINES = 20;

const OrderItemInput = z.strictObject({
  productId: entityId(),
  quantity: z.number().int().min(1).max(100).describe('Units of this product, 1 to 100'),
});

export const PlaceOrderInput = z
  .strictObject({
    items: z.array(OrderItemInput).min(1).max(MAX_ORDER_LINES).describe('What to buy: each product once'),
    paymentToken: z
      .string()
      .min(1)
      .max(200)
      .describe('From the payment provider; the simulated one takes tok_approve, tok_decline and tok_error'),
  })
  .superRefine((input, context) => {
    const seen = new Set<string>();
    for (const [index, item] of input.items.entries()) {
      if (seen.has(item.productId)) {
        context.addIssue({ code: 'custom', path: ['items', index, 'productId'], message: 'is listed twice; list each product once' });
      }
      seen.add(item.productId);
    }
  });

export const OrderLine = z
  .object({
    productId: entityId(),
    productName: z.string(),
    quantity: z.number().int(),
    unitPriceCents: Cents,
    lineTotalCents: Cents,
  })
  .meta({ id: 'OrderLine', description: 'One product of an order, at the price it was bought for' });

export const Order = z
  .object({
    id: entityId(),
    status: z
      .enum(['authorised', 'paid', 'voided'])
      .describe(
        "The payment's state. authorised: placed, the money held on the card; paid: captured, which follows the order's commit at once; voided: the hold expired or was released before it could be captured. A declined payment leaves no order behind",
      ),
    totalCents: Cents,
    items: z.array(OrderLine),
    paymentId: z.string().describe("The payment provider's authorisation id, which its capture names too"),
    createdAt: timestamp(),
  })
  .meta({ id: 'Order', description: 'An order, and the state of its payment' });

export const placeOrder = defineMutation({
  name: 'orders.place',
  rest: { method: 'POST', path: '/orders', status: 201, location: '/orders/{id}' },
  description:
    'Buy products: takes the stock, authorises the payment token and records the order, all or nothing; the payment is captured once the order is committed, so the answer says authorised and orders.get then says paid. Requires an Idempotency-Key, so a retried order is never charged twice. Not enough stock: CONFLICT; a declined payment: PAYMENT_DECLINED.',
  auth: 'user',
  idempotency: 'required',
  errors: ['NOT_FOUND', 'CONFLICT', 'PAYMENT_DECLINED'],
  input: PlaceOrderInput,
  output: Order,
});

export const getOrder = defineQuery({
  name: 'orders.get',
  rest: { method: 'GET', path: '/orders/{id}' },
  description: "Read one of your orders back by its id; null when you have none with that id (another user's included).",
  auth: 'user',
  input: z.strictObject({ id: entityId() }),
  output: Order.nullable(),
});

export const orders = { place: placeOrder, get: getOrder };
