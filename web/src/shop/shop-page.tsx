import { useState, type FormEvent } from 'react';
import { gatepost, type Order, type OrderInput } from '../gatepost';
import { useIdempotencyKeys } from '../idempotency-key';
import { Link } from '../router';
import { useSession } from '../session';
import { Field } from '../ui/field';
import { Failure } from '../ui/notice';
import { useAction } from '../use-action';
import { formatCents } from './money';
import { PlacedOrder } from './placed-order';
import { useProducts } from './use-products';

/** The simulated payment provider's test tokens (see the orders.place contract). */
const PAYMENT_TOKENS = [
  { token: 'tok_approve', label: 'Card that approves' },
  { token: 'tok_decline', label: 'Card that is declined' },
  { token: 'tok_error', label: 'Provider outage' },
] as const;

export function ShopPage() {
  const session = useSession();
  const { products, problem: listProblem, reload } = useProducts();
  const [quantities, setQuantities] = useState<Readonly<Record<string, string>>>({});
  const [paymentToken, setPaymentToken] = useState<string>('tok_approve');
  const [submittedItems, setSubmittedItems] = useState<OrderInput['items']>([]);
  const keys = useIdempotencyKeys();
  const place = useAction(async (input: OrderInput): Promise<Order> => {
    try {
      // orders.place requires a key: one per order attempt, the same one if this attempt is retried.
      const order = await gatepost.trpc.orders.place.mutate(input, { context: { idempotencyKey: keys.keyFor(input) } });
      keys.settle();
      setQuantities({});
      return order;
    } finally {
      await reload();
    }
  });
  const problem = place.state.status === 'failed' ? place.state.problem : undefined;

  const items = (products ?? [])
    .map((product) => ({ productId: product.id, quantity: Number(quantities[product.id] ?? 0) }))
    .filter((item) => item.quantity !== 0);

  /** A field error of the last attempt, mapped from `items.<index>.<field>` back to its product. */
  function errorFor(productId: string): string | undefined {
    const index = submittedItems.findIndex((item) => item.productId === productId);
    return index < 0 ? undefined : (problem?.fields[`items.${index}.quantity`] ?? problem?.fields[`items.${index}.productId`]);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmittedItems(items);
    void place.run({ items, paymentToken });
  }

  if (session.user === null) {
    return (
      <section aria-labelledby="shop-title">
        <h1 id="shop-title">Shop</h1>
        <p>
          Ordering needs an account.{' '}
          <Link to="/account" current={false}>
            Sign up or sign in
          </Link>{' '}
          first.
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="shop-title">
      <h1 id="shop-title">Shop</h1>
      <p className="lead">
        <code>orders.place</code> takes the stock, records the order and charges the card, all or nothing, once per idempotency key.
      </p>
      {listProblem && <Failure problem={listProblem} />}
      <form onSubmit={onSubmit} noValidate aria-label="Order">
        <table className="products">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">In stock</th>
              <th scope="col">Quantity</th>
            </tr>
          </thead>
          <tbody>
            {(products ?? []).map((product) => (
              <tr key={product.id} data-product={product.name}>
                <th scope="row">{product.name}</th>
                <td>{formatCents(product.priceCents)}</td>
                <td data-testid="stock">{product.stock}</td>
                <td>
                  <Field
                    name={`quantity-${product.id}`}
                    label={`Quantity of ${product.name}`}
                    type="number"
                    min={0}
                    max={100}
                    value={quantities[product.id] ?? ''}
                    placeholder="0"
                    onChange={(event) => setQuantities({ ...quantities, [product.id]: event.target.value })}
                    error={errorFor(product.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Field
          name="payment"
          label="Pay with"
          control={(a11y) => (
            <select name="payment" value={paymentToken} onChange={(event) => setPaymentToken(event.target.value)} {...a11y}>
              {PAYMENT_TOKENS.map(({ token, label }) => (
                <option key={token} value={token}>
                  {label} ({token})
                </option>
              ))}
            </select>
          )}
        />
        <button type="submit" disabled={place.pending || items.length === 0}>
          {place.pending ? 'Placing order…' : problem?.retryable ? 'Try again' : 'Place order'}
        </button>
      </form>
      {problem && (
        <Failure
          problem={problem}
          hint={
            problem.code === 'PAYMENT_DECLINED'
              ? 'No stock was taken. Choose another card to try again.'
              : problem.retryable
                ? 'Trying again resends this same order: it can be charged only once.'
                : undefined
          }
        />
      )}
      {place.state.status === 'done' && <PlacedOrder order={place.state.result} />}
    </section>
  );
}
