// Admin actions on orders: ship, mark delivered, cancel (releasing or refunding the payment) and
// refund (full or partial). Each is one recorded transition with the admin's reason.
import type { Money } from '@emporium/contracts';
import type { Order } from '@emporium/contracts/order';
import {
  type Outbox,
  type Principal,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import { orderEvents } from '../events/order-events.js';
import { type OrderRow, ordersRepository as orders, toOrder } from '../repositories/orders.js';
import { moveOrder } from './move-order.js';
import { CHECKOUT_IN_PROGRESS } from './order-status.js';

export interface OrderAdminDeps {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}

const actorOf = (admin: Principal) => `admin:${admin.userId}`;

async function paymentCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TransientCallError) {
      throw problems.unavailable(
        'The payment service did not answer; retry the action.',
        'payment-unavailable',
      );
    }
    if (error instanceof UnexpectedAnswerError) {
      throw problems.conflict(`The payment service refused: ${error.message}`, 'payment-refused');
    }
    throw error;
  }
}

export function orderAdmin({ db, outbox, payments }: OrderAdminDeps) {
  async function load(orderId: string): Promise<OrderRow> {
    const row = await orders.find(db, orderId);
    if (!row) throw problems.notFound(`Order ${orderId}`);
    return row;
  }

  async function locked(tx: SqlExecutor, orderId: string): Promise<OrderRow> {
    const row = await orders.find(tx, orderId, true);
    if (!row) throw problems.notFound(`Order ${orderId}`);
    return row;
  }

  async function view(orderId: string): Promise<Order> {
    return toOrder((await orders.find(db, orderId))!, await orders.timeline(db, orderId));
  }

  /** Runs a move against the order as it is now (locked), so concurrent admins cannot both win. */
  async function move(orderId: string, apply: Parameters<typeof outbox.transaction>[0]) {
    await outbox.transaction(apply);
    return view(orderId);
  }

  return {
    async ship(orderId: string, admin: Principal, shipment: { carrier?: string; trackingNumber?: string }) {
      return move(orderId, async (tx, emit) => {
        await moveOrder(
          tx,
          emit,
          await locked(tx, orderId),
          'shipped',
          'Handed to the carrier',
          actorOf(admin),
          {
            ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
            ...(shipment.trackingNumber ? { tracking_number: shipment.trackingNumber } : {}),
          },
        );
      });
    },

    async deliver(orderId: string, admin: Principal) {
      return move(orderId, async (tx, emit) => {
        await moveOrder(
          tx,
          emit,
          await locked(tx, orderId),
          'delivered',
          'Delivered to the shopper',
          actorOf(admin),
        );
      });
    },

    /** Cancels a confirmed order: its authorization is voided, or a captured payment refunded. */
    async cancel(orderId: string, admin: Principal, reason: string) {
      const order = await load(orderId);
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
      const payment = order.payment_id
        ? (await paymentCall(() => payments.forOrder(orderId))).find((p) => p.paymentId === order.payment_id)
        : undefined;
      let refunded = 0;
      if (payment) {
        const voided =
          payment.status === 'authorized' &&
          (await paymentCall(() =>
            payments.void(payment.paymentId, `order:${orderId}:admin-cancel-void`),
          )) === 'voided';
        if (!voided) {
          const result = await paymentCall(() =>
            payments.refund(payment.paymentId, `order:${orderId}:admin-cancel-refund`, { reason }),
          );
          refunded = result.refunded.amount;
        }
      }
      const shopperReason = `Cancelled by the shop: ${reason} ${refunded > 0 ? 'Your payment was refunded.' : 'Your card was not charged.'}`;
      return move(orderId, async (tx, emit) => {
        await moveOrder(tx, emit, await locked(tx, orderId), 'cancelled', shopperReason, actorOf(admin), {
          cancellation_code: 'cancelled_by_shop',
          cancellation_reason: shopperReason,
          ...(refunded > 0 ? { refunded } : {}),
        });
      });
    },

    /** Refunds all that remains (no amount) or part of it; the order becomes refunded when nothing remains. */
    async refund(orderId: string, admin: Principal, request: { amount?: Money; reason: string }) {
      const order = await load(orderId);
      if (!['confirmed', 'shipped', 'delivered'].includes(order.status)) {
        throw problems.conflict(
          `An order that is ${order.status} cannot be refunded.`,
          'invalid-order-transition',
        );
      }
      const remaining = order.total - order.refunded;
      const amount = request.amount?.amount ?? remaining;
      if (request.amount && request.amount.currency !== order.currency) {
        throw problems.badRequest(`Refunds of this order are in ${order.currency}.`, 'currency-mismatch');
      }
      if (amount <= 0 || amount > remaining) {
        throw problems.unprocessable(
          `At most ${remaining} ${order.currency} minor units remain refundable.`,
          'refund-exceeds-order',
        );
      }
      if (!order.payment_id) throw problems.conflict('This order has no payment to refund.', 'no-payment');
      const payment = (await paymentCall(() => payments.forOrder(orderId))).find(
        (p) => p.paymentId === order.payment_id,
      );
      if (payment?.status === 'authorized') {
        throw problems.conflict(
          'The payment is not captured yet; cancel the order instead.',
          'payment-not-captured',
        );
      }
      // The key names what was refunded before, so a retried click repeats nothing.
      await paymentCall(() =>
        payments.refund(order.payment_id!, `order:${orderId}:refund:${order.refunded}:${amount}`, {
          amount: { amount, currency: order.currency },
          reason: request.reason,
        }),
      );
      return move(orderId, async (tx, emit) => {
        const current = await locked(tx, orderId);
        const total = current.refunded + amount;
        const updated =
          total >= current.total
            ? await moveOrder(tx, emit, current, 'refunded', request.reason, actorOf(admin), {
                refunded: total,
              })
            : await orders.transition(
                tx,
                orderId,
                current.status,
                current.status,
                request.reason,
                actorOf(admin),
                {
                  refunded: total,
                },
              );
        orderEvents.refunded(emit, updated ?? current, amount, request.reason);
      });
    },
  };
}
