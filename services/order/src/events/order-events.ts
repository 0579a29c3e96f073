// The data of the order events (packages/contracts/src/events/order.ts), built from a stored order.
import type { Emit } from '@emporium/platform';
import type { StoredOrder } from '../repositories/orders.js';
import type { StoredReturn } from '../repositories/returns.js';
import type { StoredShipment } from '../repositories/shipments.js';

function summary(order: StoredOrder) {
  const money = (amount: number) => ({ amount, currency: order.currency });
  return {
    orderId: order.id,
    orderNumber: order.orderNumber,
    ...(order.userId ? { userId: order.userId } : {}),
    email: order.email,
    lines: order.lines,
    totals: {
      subtotal: money(order.subtotal),
      shipping: money(order.shipping),
      tax: money(order.tax),
      total: money(order.total),
      ...(order.discount > 0 && { discount: money(order.discount) }),
    },
  };
}

function shipmentFacts(order: StoredOrder, shipment: StoredShipment) {
  const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
  return {
    shipmentId: shipment.id,
    number: shipment.number,
    ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
    ...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
    ...(shipment.trackingUrl ? { trackingUrl: shipment.trackingUrl } : {}),
    lines: shipment.lines.map((line) => ({ ...line, title: titles.get(line.sku) ?? line.sku })),
  };
}

/** Where the order goes and how: the confirmation e-mail says "Pickup at …" for a pickup. */
const delivery = (order: StoredOrder) => ({
  shippingAddress: order.shippingAddress,
  shippingMethod: order.shippingMethod,
  ...(order.shippingName && { shippingName: order.shippingName }),
});

export const orderEvents = {
  placed: (emit: Emit, order: StoredOrder) =>
    emit({
      type: 'order.placed',
      subject: order.id,
      data: { ...summary(order), ...delivery(order) },
    }),
  confirmed: (emit: Emit, order: StoredOrder) =>
    emit({
      type: 'order.confirmed',
      subject: order.id,
      data: { ...summary(order), ...delivery(order) },
    }),
  cancelled: (emit: Emit, order: StoredOrder) =>
    emit({
      type: 'order.cancelled',
      subject: order.id,
      data: { ...summary(order), reason: order.cancellationReason ?? 'cancelled' },
    }),
  // Announced as order.cancelled so that everything listening for it (the product service's
  // release of the reservation) still hears it; the flag tells the shopper's e-mail apart.
  checkoutFailed: (emit: Emit, order: StoredOrder) =>
    emit({
      type: 'order.cancelled',
      subject: order.id,
      data: {
        ...summary(order),
        reason: order.cancellationReason ?? 'checkout failed',
        checkoutFailed: true,
      },
    }),
  shipped: (emit: Emit, order: StoredOrder) =>
    emit({
      type: 'order.shipped',
      subject: order.id,
      data: {
        ...summary(order),
        ...(order.carrier ? { carrier: order.carrier } : {}),
        ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
        // Orders ship only in shipments, each announced (and e-mailed) on its own.
        fulfilledInShipments: true,
      },
    }),
  shipmentCreated: (
    emit: Emit,
    order: StoredOrder,
    shipment: StoredShipment,
    fulfillmentStatus: 'partially_fulfilled' | 'fulfilled',
  ) =>
    emit({
      type: 'order.shipment_created',
      subject: order.id,
      data: { ...summary(order), shipment: shipmentFacts(order, shipment), fulfillmentStatus },
    }),
  shipmentDelivered: (emit: Emit, order: StoredOrder, shipment: StoredShipment, allDelivered: boolean) =>
    emit({
      type: 'order.shipment_delivered',
      subject: order.id,
      data: { ...summary(order), shipment: shipmentFacts(order, shipment), allDelivered },
    }),
  delivered: (emit: Emit, order: StoredOrder) =>
    emit({ type: 'order.delivered', subject: order.id, data: summary(order) }),
  returnUpdated: (emit: Emit, order: StoredOrder, ret: StoredReturn) => {
    const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
    return emit({
      type: 'order.return_updated',
      subject: order.id,
      data: {
        ...summary(order),
        return: {
          returnId: ret.id,
          number: ret.number,
          kind: ret.kind,
          status: ret.status,
          reason: ret.reason,
          ...(ret.rejectionReason ? { rejectionReason: ret.rejectionReason } : {}),
          lines: ret.lines.map((line) => ({
            sku: line.sku,
            title: titles.get(line.sku) ?? line.sku,
            quantity: line.quantity,
          })),
          ...(ret.refundAmount === null
            ? {}
            : { refund: { amount: ret.refundAmount, currency: order.currency } }),
          ...((ret.difference ?? 0) > 0
            ? { charge: { amount: ret.difference!, currency: order.currency } }
            : {}),
          ...(ret.replacementSku
            ? {
                replacement: {
                  sku: ret.replacementSku,
                  title: ret.replacementTitle ?? ret.replacementSku,
                  quantity: ret.lines[0]?.quantity ?? 1,
                },
              }
            : {}),
        },
      },
    });
  },
  refunded: (emit: Emit, order: StoredOrder, refunded: number, reason?: string) =>
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
