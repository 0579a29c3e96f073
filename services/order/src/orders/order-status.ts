// The order state machine: every status an order can take and the only moves allowed between
// them. Pure, so the rules are unit-tested apart from storage.
import type { OrderStatus } from '@emporium/contracts/order';
import { problems } from '@emporium/platform';

// A checkout the saga gives up on ends checkout_failed, not cancelled: it never became an order.
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['stock_reserved', 'cancelled', 'checkout_failed'],
  stock_reserved: ['payment_authorized', 'cancelled', 'checkout_failed'],
  payment_authorized: ['confirmed', 'cancelled', 'checkout_failed'],
  confirmed: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
  checkout_failed: [],
};

/** Statuses the checkout saga still owns: an admin may not move the order meanwhile. */
export const CHECKOUT_IN_PROGRESS: readonly OrderStatus[] = [
  'pending',
  'stock_reserved',
  'payment_authorized',
];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw problems.conflict(
      `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
      'invalid-order-transition',
    );
  }
}
