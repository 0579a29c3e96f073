// Order statuses in the shopper's words, and which ones mean "still being processed".
import type { OrderStatus } from '@emporium/api-client';

export const statusLabel: Record<OrderStatus, string> = {
  pending: 'Placed',
  stock_reserved: 'Items reserved',
  payment_authorized: 'Payment authorized',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  checkout_failed: 'Checkout failed',
};

const IN_CHECKOUT: OrderStatus[] = ['pending', 'stock_reserved', 'payment_authorized'];

export function stillInCheckout(status: OrderStatus): boolean {
  return IN_CHECKOUT.includes(status);
}
