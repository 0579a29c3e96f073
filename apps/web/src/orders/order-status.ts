// Order states in the shopper's words, and which of them are still moving (worth polling).
import type { OrderStatus } from '@emporium/api-client';

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Received',
  stock_reserved: 'Items reserved',
  payment_authorized: 'Payment authorised',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  checkout_failed: 'Checkout failed',
};

export function statusTone(status: OrderStatus): 'ok' | 'warn' | 'bad' | 'muted' {
  if (status === 'cancelled' || status === 'refunded' || status === 'checkout_failed') return 'bad';
  if (status === 'shipped' || status === 'delivered' || status === 'confirmed') return 'ok';
  return 'warn';
}

/** The checkout saga is still running in these states; the page asks again shortly. */
export function inProgress(status: OrderStatus): boolean {
  return status === 'pending' || status === 'stock_reserved' || status === 'payment_authorized';
}
