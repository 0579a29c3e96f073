// A cart is bought at most once: of all the orders placed from one cart, at most one ever became
// an order (a refused checkout is an attempt, not an order; an order the shop cancelled still
// counts, its cart was converted), however many checkouts raced for it.
import type { Snapshot } from './snapshot.js';
import { groupBy, type Violation } from './violation.js';

export function checkCarts(snapshot: Snapshot): Violation[] {
  const live = snapshot.orders.filter((order) => order.status !== 'checkout_failed');
  const violations: Violation[] = [];
  for (const [cartId, orders] of groupBy(live, (order) => order.cartId)) {
    if (orders.length < 2) continue;
    violations.push({
      invariant: 'one-live-order-per-cart',
      entity: `cart:${cartId}`,
      message: `cart ${cartId} has ${orders.length} live orders: ${orders.map((o) => `${o.id} (${o.status}, total ${o.total})`).join(', ')}`,
      refs: [`cart:${cartId}`, ...orders.map((order) => `order:${order.id}`)],
    });
  }
  return violations;
}
