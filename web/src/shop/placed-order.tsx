import type { Order } from '../gatepost';
import { Success } from '../ui/notice';
import { formatCents } from './money';

export function PlacedOrder({ order }: { readonly order: Order }) {
  return (
    <Success>
      <p>
        Order <code data-testid="order-id">{order.id}</code> is <strong data-testid="order-status">{order.status}</strong>: total{' '}
        <strong data-testid="order-total">{formatCents(order.totalCents)}</strong> (payment {order.paymentId}).
      </p>
      <ul>
        {order.items.map((line) => (
          <li key={line.productId}>
            {line.quantity} × {line.productName} at {formatCents(line.unitPriceCents)} = {formatCents(line.lineTotalCents)}
          </li>
        ))}
      </ul>
    </Success>
  );
}
