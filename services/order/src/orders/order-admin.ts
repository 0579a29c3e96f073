// Admin actions on orders: ship (in shipments, fulfilment/order-shipments.ts), mark delivered, cancel (releasing or refunding the payment,
// order-cancellation.ts) and refund (full or partial, order-refunds.ts). Each is one recorded
// transition with the admin's reason. A cancellation is taken under the order's row lock before
// the payment is touched, and ship and refund check it under the same lock: a cancel racing a ship
// or a refund ends in one consistent state, the loser answering 409.
import type { Order } from '@emporium/contracts/order';
import type { Outbox, Principal, SqlDatabase } from '@emporium/platform';
import type { PaymentClient } from '../clients/payment-client.js';
import { orderShipments, type ShipmentRequest } from '../fulfilment/order-shipments.js';
import { ordersRepository as orders, toOrder } from '../repositories/orders.js';
import { returnsRepository as returns } from '../repositories/returns.js';
import { shipmentsRepository as shipments } from '../repositories/shipments.js';
import { orderCancellation } from './order-cancellation.js';
import { actorOf, orderRefunds, type RefundRequest } from './order-refunds.js';

export interface OrderAdminDeps {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}

export function orderAdmin({ db, outbox, payments }: OrderAdminDeps) {
  const refunding = orderRefunds({ db, outbox, payments });
  const cancelling = orderCancellation({ db, outbox, payments });
  const shipping = orderShipments({ db, outbox });

  async function view(orderId: string): Promise<Order> {
    const [order, timeline, shipped, returned] = await Promise.all([
      orders.find(db, orderId),
      orders.timeline(db, orderId),
      shipments.forOrder(db, orderId),
      returns.forOrder(db, orderId),
    ]);
    return toOrder(order!, timeline, shipped, returned);
  }

  return {
    /** Ships whatever has not shipped yet, in one shipment: the whole order when nothing has. */
    async ship(orderId: string, admin: Principal, shipment: { carrier?: string; trackingNumber?: string }) {
      await shipping.shipRest(orderId, actorOf(admin), shipment);
      return view(orderId);
    },

    /** A shipment of some lines; `created` false when its Idempotency-Key replayed an earlier one. */
    async createShipment(orderId: string, admin: Principal, request: ShipmentRequest) {
      const { shipment, created } = await shipping.create(orderId, actorOf(admin), request);
      return { shipmentId: shipment.id, created, order: await view(orderId) };
    },

    async deliverShipment(orderId: string, shipmentId: string, admin: Principal) {
      await shipping.deliver(orderId, shipmentId, actorOf(admin));
      return view(orderId);
    },

    /** Every shipment of a shipped order delivered at once. */
    async deliver(orderId: string, admin: Principal) {
      await shipping.deliverAll(orderId, actorOf(admin));
      return view(orderId);
    },

    /** Cancels a confirmed order: its authorization is voided, or a captured payment refunded. */
    async cancel(orderId: string, admin: Principal, reason: string) {
      await refunding.resumeStale(orderId);
      await cancelling.cancel(orderId, { reason, actor: actorOf(admin) });
      return view(orderId);
    },

    /** Refunds all that remains (no amount) or part of it; the order becomes refunded when nothing remains. */
    async refund(orderId: string, admin: Principal, request: RefundRequest) {
      await refunding.refund(orderId, admin, request);
      return view(orderId);
    },
  };
}
