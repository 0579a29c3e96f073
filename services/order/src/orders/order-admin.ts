// Admin actions on orders: ship, mark delivered, cancel (releasing or refunding the payment) and
// refund (full or partial, order-refunds.ts). Each is one recorded transition with the admin's
// reason. A cancellation is taken under the order's row lock before the payment is touched
// (repositories/order-cancellations.ts), and ship and refund check it under the same lock: a
// cancel racing a ship or a refund ends in one consistent state, the loser answering 409.
import { randomUUID } from 'node:crypto';
import type { Order } from '@emporium/contracts/order';
import { type Outbox, type Principal, problems, type SqlDatabase } from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import { orderCancellationsRepository as cancellations } from '../repositories/order-cancellations.js';
import { orderRefundsRepository as refunds } from '../repositories/order-refunds.js';
import { ordersRepository as orders, toOrder } from '../repositories/orders.js';
import { moveOrder } from './move-order.js';
import {
  actorOf,
  assertNotCancelling,
  lockedOrder,
  orderRefunds,
  REFUND_LEASE_MS,
  type RefundRequest,
} from './order-refunds.js';
import { CHECKOUT_IN_PROGRESS } from './order-status.js';

export interface OrderAdminDeps {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}

/** The payment service's definite refusal of a cancellation's void or refund. */
class PaymentRefused extends Error {}

async function paymentCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnexpectedAnswerError) throw new PaymentRefused(error.message);
    throw error;
  }
}

export function orderAdmin({ db, outbox, payments }: OrderAdminDeps) {
  const refunding = orderRefunds({ db, outbox, payments });

  async function view(orderId: string): Promise<Order> {
    return toOrder((await orders.find(db, orderId))!, await orders.timeline(db, orderId));
  }

  /** Takes the order's cancellation for `holder`, or says why it cannot be cancelled now. */
  async function startCancellation(orderId: string, holder: string) {
    return db.transaction(async (tx) => {
      const order = await lockedOrder(tx, orderId);
      if (CHECKOUT_IN_PROGRESS.includes(order.status)) {
        throw problems.conflict(
          'The checkout of this order is still running; try again in a moment.',
          'checkout-in-progress',
        );
      }
      if (order.status !== 'confirmed') {
        throw problems.conflict(
          `An order that is ${order.status} cannot be cancelled.`,
          'invalid-order-transition',
        );
      }
      if ((await refunds.pendingTotal(tx, orderId)) > 0) {
        throw problems.conflict(
          'A refund of this order is being made; cancel once it is settled.',
          'refund-in-progress',
        );
      }
      if (!(await cancellations.claim(tx, orderId, holder, REFUND_LEASE_MS))) {
        throw problems.conflict('This order is being cancelled by another request.', 'cancel-in-progress');
      }
      return order;
    });
  }

  /** Voids the order's authorization, or refunds what was captured; the payment's refunded total. */
  async function releasePayment(orderId: string, paymentId: string | null, reason: string): Promise<number> {
    if (!paymentId) return 0;
    const payment = (await payments.forOrder(orderId)).find((p) => p.paymentId === paymentId);
    if (!payment) return 0;
    if (
      payment.status === 'authorized' &&
      (await paymentCall(() => payments.void(paymentId, `order:${orderId}:admin-cancel-void`))) === 'voided'
    ) {
      return 0;
    }
    const outcome = await paymentCall(() =>
      payments.refund(paymentId, `order:${orderId}:admin-cancel-refund`, { reason }),
    );
    if ('refused' in outcome) throw new PaymentRefused(outcome.refused.detail);
    return outcome.refunded.amount;
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
      const holder = randomUUID();
      const order = await startCancellation(orderId, holder);
      let refundedTotal: number;
      try {
        refundedTotal = await releasePayment(orderId, order.payment_id, reason);
      } catch (error) {
        if (error instanceof PaymentRefused) {
          await cancellations.end(db, orderId, holder);
          throw problems.conflict(`The payment service refused: ${error.message}`, 'payment-refused');
        }
        if (error instanceof TransientCallError) {
          // The payment may be voided or refunded already: the order stays blocked for ship and
          // refund, and a retried cancel takes over at once and repeats the calls (same keys).
          await cancellations.giveUpLease(db, orderId, holder);
          throw problems.unavailable(
            'The payment service did not answer; the cancellation is under way. Retry the cancel.',
            'payment-unavailable',
          );
        }
        throw error;
      }
      const shopperReason = `Cancelled by the shop: ${reason} ${refundedTotal > 0 ? 'Your payment was refunded.' : 'Your card was not charged.'}`;
      await outbox.transaction(async (tx, emit) => {
        const current = await lockedOrder(tx, orderId);
        if (!(await cancellations.holds(tx, orderId, holder))) {
          throw problems.conflict('This order is being cancelled by another request.', 'cancel-in-progress');
        }
        if (refundedTotal > current.refunded) {
          await refunds.insert(tx, {
            id: randomUUID(),
            order_id: orderId,
            amount: refundedTotal - current.refunded,
            reason: shopperReason,
            actor: actorOf(admin),
            request_key: null,
            request_hash: null,
            status: 'succeeded',
            leaseMs: 0,
          });
        }
        await moveOrder(tx, emit, current, 'cancelled', shopperReason, actorOf(admin), {
          cancellation_code: 'cancelled_by_shop',
          cancellation_reason: shopperReason,
          ...(refundedTotal > current.refunded ? { refunded: refundedTotal } : {}),
        });
        await cancellations.end(tx, orderId, holder);
      });
      return view(orderId);
    },

    /** Refunds all that remains (no amount) or part of it; the order becomes refunded when nothing remains. */
    async refund(orderId: string, admin: Principal, request: RefundRequest) {
      await refunding.refund(orderId, admin, request);
      return view(orderId);
    },
  };
}
