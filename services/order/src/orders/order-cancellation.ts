// Cancelling a confirmed order: the cancellation is taken under the order's row lock before the
// payment is touched (repositories/order-cancellations.ts), with the admin's reason and actor, so
// ship and refund (which check it under the same lock) cannot race it. Then the authorization is
// voided or the captured payment refunded, with keys derived from the order, and the order moves
// to cancelled. A definite refusal by the payment service releases the cancellation; a missing
// answer keeps the order blocked and gives the lease up, so a retried cancel or the
// reconciliation worker takes it over and repeats the same calls with the same keys and body.
import { randomUUID } from 'node:crypto';
import { HttpProblem, type Outbox, problems, type SqlDatabase } from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import {
  type CancellationRequest,
  orderCancellationsRepository as cancellations,
} from '../repositories/order-cancellations.js';
import { orderRefundsRepository as refunds } from '../repositories/order-refunds.js';
import { ordersRepository as orders } from '../repositories/orders.js';
import { shipmentsRepository as shipments } from '../repositories/shipments.js';
import { moveOrder } from './move-order.js';
import { lockedOrder, REFUND_LEASE_MS } from './order-refunds.js';
import { CHECKOUT_IN_PROGRESS } from './order-status.js';

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

export function orderCancellation({
  db,
  outbox,
  payments,
}: {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}) {
  /**
   * Takes the order's cancellation for `holder`, or says why it cannot be cancelled now; the
   * request it goes on with (the first one's, when it takes over a cancellation whose holder gave up).
   */
  async function start(orderId: string, holder: string, request: CancellationRequest) {
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
      // Parcels already out cannot be called back by cancelling: the shop refunds what will not
      // ship instead (POST /admin/orders/{id}/refund with an amount).
      const shipped = await shipments.forOrder(tx, orderId);
      if (shipped.length > 0) {
        throw problems.conflict(
          `${shipped.length} shipment(s) of this order have left; refund the items that will not ship instead of cancelling.`,
          'order-partially-fulfilled',
        );
      }
      if ((await refunds.pendingTotal(tx, orderId)) > 0) {
        throw problems.conflict(
          'A refund of this order is being made; cancel once it is settled.',
          'refund-in-progress',
        );
      }
      const taken = await cancellations.claim(tx, orderId, holder, REFUND_LEASE_MS, request);
      if (!taken) {
        throw problems.conflict('This order is being cancelled by another request.', 'cancel-in-progress');
      }
      return taken;
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

  /** Moves the order to cancelled, recording what the payment service refunded; the holder's cancellation ends. */
  async function complete(
    orderId: string,
    holder: string,
    request: CancellationRequest,
    refundedTotal: number,
  ) {
    const shopperReason = `Cancelled by the shop: ${request.reason} ${refundedTotal > 0 ? 'Your payment was refunded.' : 'Your card was not charged.'}`;
    await outbox.transaction(async (tx, emit) => {
      const current = await lockedOrder(tx, orderId);
      if (!(await cancellations.holds(tx, orderId, holder))) {
        throw problems.conflict('This order is being cancelled by another request.', 'cancel-in-progress');
      }
      if (refundedTotal > current.refunded) {
        await refunds.insert(tx, {
          id: randomUUID(),
          orderId,
          amount: refundedTotal - current.refunded,
          reason: shopperReason,
          actor: request.actor,
          requestKey: null,
          requestHash: null,
          status: 'succeeded',
          leaseMs: 0,
        });
      }
      await moveOrder(tx, emit, current, 'cancelled', shopperReason, request.actor, {
        cancellationCode: 'cancelled_by_shop',
        cancellationReason: shopperReason,
        ...(refundedTotal > current.refunded ? { refunded: refundedTotal } : {}),
      });
      await cancellations.end(tx, orderId, holder);
    });
  }

  /** Releases the payment and cancels the order, for the cancellation `holder` has taken. */
  async function finish(orderId: string, holder: string, request: CancellationRequest): Promise<void> {
    const order = (await orders.find(db, orderId))!;
    let refundedTotal: number;
    try {
      refundedTotal = await releasePayment(orderId, order.paymentId, request.reason);
    } catch (error) {
      if (error instanceof PaymentRefused) {
        await cancellations.end(db, orderId, holder);
        throw problems.conflict(`The payment service refused: ${error.message}`, 'payment-refused');
      }
      if (error instanceof TransientCallError) {
        // The payment may be voided or refunded already: the order stays blocked for ship and
        // refund until a retried cancel or the worker repeats the calls (same keys).
        await cancellations.giveUpLease(db, orderId, holder);
        throw problems.unavailable(
          'The payment service did not answer; the cancellation is under way. Retry the cancel.',
          'payment-unavailable',
        );
      }
      throw error;
    }
    await complete(orderId, holder, request, refundedTotal);
  }

  return {
    /** Cancels a confirmed order for an admin's request. */
    async cancel(orderId: string, request: CancellationRequest): Promise<void> {
      const holder = randomUUID();
      await finish(orderId, holder, await start(orderId, holder, request));
    },

    /**
     * The reconciliation worker's part: finishes up to `limit` cancellations whose holder died or
     * gave up, as their admin asked; how many ended (cancelled, or released after a refusal).
     */
    async finishAbandoned(limit: number): Promise<number> {
      const holder = randomUUID();
      const abandoned = await db.transaction((tx) =>
        cancellations.takeOverAbandoned(tx, holder, REFUND_LEASE_MS, limit),
      );
      const ended = await Promise.all(
        abandoned.map(async (cancellation) => {
          try {
            await finish(cancellation.orderId, holder, cancellation);
            return true;
          } catch (error) {
            if (!(error instanceof HttpProblem)) throw error;
            // A refusal released it; no answer left it under way for the next round.
            return error.slug === 'payment-refused';
          }
        }),
      );
      return ended.filter(Boolean).length;
    },
  };
}
