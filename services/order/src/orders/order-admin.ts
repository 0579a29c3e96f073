// Admin actions on orders: ship, mark delivered, cancel (releasing or refunding the payment,
// order-cancellation.ts) and refund (full or partial, order-refunds.ts). Each is one recorded
// transition with the admin's reason. A cancellation is taken under the order's row lock before
// the payment is touched, and ship and refund check it under the same lock: a cancel racing a ship
// or a refund ends in one consistent state, the loser answering 409.
import type { Order } from '@emporium/contracts/order';
import type { Outbox, Principal, SqlDatabase } from '@emporium/platform';
import type { PaymentClient } from '../clients/payment-client.js';
import { ordersRepository as orders, toOrder } from '../repositories/orders.js';
import { moveOrder } from './move-order.js';
import { orderCancellation } from './order-cancellation.js';
import {
  actorOf,
  assertNotCancelling,
  lockedOrder,
  orderRefunds,
  type RefundRequest,
} from './order-refunds.js';

export interface OrderAdminDeps {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}

export function orderAdmin({ db, outbox, payments }: OrderAdminDeps) {
  const refunding = orderRefunds({ db, outbox, payments });
  const cancelling = orderCancellation({ db, outbox, payments });

  async function view(orderId: string): Promise<Order> {
    return toOrder((await orders.find(db, orderId))!, await orders.timeline(db, orderId));
  }

  return {
    async ship(orderId: string, admin: Principal, shipment: { carrier?: string; trackingNumber?: string }) {
      await outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        await assertNotCancelling(tx, orderId);
        await moveOrder(tx, emit, order, 'shipped', 'Handed to the carrier', actorOf(admin), {
          ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
          ...(shipment.trackingNumber ? { tracking_number: shipment.trackingNumber } : {}),
        });
      });
      return view(orderId);
    },

    async deliver(orderId: string, admin: Principal) {
      await outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        await assertNotCancelling(tx, orderId);
        await moveOrder(tx, emit, order, 'delivered', 'Delivered to the shopper', actorOf(admin));
      });
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
