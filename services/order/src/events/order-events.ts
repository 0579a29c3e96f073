// The data of the order events (packages/contracts/src/events/order.ts), built from an order row.
import type { Emit } from '@emporium/platform';
import type { OrderRow } from '../repositories/orders.js';

function summary(order: OrderRow) {
  const money = (amount: number) => ({ amount, currency: order.currency });
  return {
    orderId: order.id,
    orderNumber: order.order_number,
    ...(order.user_id ? { userId: order.user_id } : {}),
    email: order.email,
    lines: order.lines,
    totals: {
      subtotal: money(order.subtotal),
      shipping: money(order.shipping),
      tax: money(order.tax),
      total: money(order.total),
    },
  };
}

export const orderEvents = {
  placed: (emit: Emit, order: OrderRow) =>
    emit({
      type: 'order.placed',
      subject: order.id,
      data: { ...summary(order), shippingAddress: order.shipping_address },
    }),
  confirmed: (emit: Emit, order: OrderRow) =>
    emit({
      type: 'order.confirmed',
      subject: order.id,
      data: { ...summary(order), shippingAddress: order.shipping_address },
    }),
  cancelled: (emit: Emit, order: OrderRow) =>
    emit({
      type: 'order.cancelled',
      subject: order.id,
      data: { ...summary(order), reason: order.cancellation_reason ?? 'cancelled' },
    }),
  // Announced as order.cancelled so that everything listening for it (the product service's
  // release of the reservation) still hears it; the flag tells the shopper's e-mail apart.
  checkoutFailed: (emit: Emit, order: OrderRow) =>
    emit({
      type: 'order.cancelled',
      subject: order.id,
      data: {
        ...summary(order),
        reason: order.cancellation_reason ?? 'checkout failed',
        checkoutFailed: true,
      },
    }),
  shipped: (emit: Emit, order: OrderRow) =>
    emit({
      type: 'order.shipped',
      subject: order.id,
      data: {
        ...summary(order),
        ...(order.carrier ? { carrier: order.carrier } : {}),
        ...(order.tracking_number ? { trackingNumber: order.tracking_number } : {}),
      },
    }),
  delivered: (emit: Emit, order: OrderRow) =>
    emit({ type: 'order.delivered', subject: order.id, data: summary(order) }),
  refunded: (emit: Emit, order: OrderRow, refunded: number, reason?: string) =>
    emit({
      type: 'order.refunded',
      subject: order.id,
      data: {
        ...summary(order),
        refunded: { amount: refunded, currency: order.currency },
        ...(reason ? { reason } : {}),
      },
    }),
};
