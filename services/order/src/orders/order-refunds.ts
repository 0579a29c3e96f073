// Admin refunds of an order, full or partial. A refund is reserved under the order's row lock
// before the payment service is asked (repositories/order-refunds.ts): what is left to refund is
// the total less what was refunded and what is being refunded, so refunds racing for one order
// are decided one after the other, each applied once or refused with a 409 naming what remains.
// The payment call's Idempotency-Key is derived from the refund's id, and the answer settles the
// refund once (succeeded: added to the order's refunded total; a definite refusal: given back).
// A transient failure leaves it pending: the reconciliation worker (reconciliation-worker.ts), the
// same request again (same Idempotency-Key), or the next refund or cancellation of the order,
// whichever comes first once its lease has run out, retries it with the same key, so order and
// payment converge without refunding twice.
import { createHash, randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import {
  HttpProblem,
  type Outbox,
  type Principal,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { TransientCallError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import { orderEvents } from '../events/order-events.js';
import { orderCancellationsRepository as cancellations } from '../repositories/order-cancellations.js';
import { type OrderRefund, orderRefundsRepository as refunds } from '../repositories/order-refunds.js';
import { ordersRepository as orders, type StoredOrder } from '../repositories/orders.js';
import { moveOrder } from './move-order.js';
import { CHECKOUT_IN_PROGRESS } from './order-status.js';

/** How long a pending refund belongs to its request: longer than any payment call may take. */
export const REFUND_LEASE_MS = 30_000;

/** The problems settle answers when the refund stays pending. */
const STILL_PENDING = ['payment-unavailable', 'refund-in-progress'];

const REFUNDABLE: readonly StoredOrder['status'][] = ['confirmed', 'shipped', 'delivered'];

export interface RefundRequest {
  amount?: Money;
  reason: string;
  /** The admin's Idempotency-Key: a repeat of the request replays its refund. */
  idempotencyKey?: string;
}

export const actorOf = (admin: Principal) => `admin:${admin.userId}`;

export async function lockedOrder(tx: SqlExecutor, orderId: string): Promise<StoredOrder> {
  const order = await orders.find(tx, orderId, true);
  if (!order) throw problems.notFound(`Order ${orderId}`);
  return order;
}

/** Refused when a cancellation of the order is under way (checked under the order's lock). */
export async function assertNotCancelling(tx: SqlExecutor, orderId: string): Promise<void> {
  if (await cancellations.underWay(tx, orderId)) {
    throw problems.conflict(
      'A cancellation of this order is under way; it is cancelled or released shortly.',
      'cancel-in-progress',
    );
  }
}

const requestHash = (request: RefundRequest) =>
  createHash('sha256')
    .update(JSON.stringify([request.amount ?? null, request.reason]))
    .digest('hex');

function tooMuch(order: StoredOrder, pending: number, amount: number): HttpProblem {
  const money = (minor: number) => ({ amount: minor, currency: order.currency });
  const left = order.total - order.refunded;
  const free = left - pending;
  if (pending > 0 && amount <= left) {
    return new HttpProblem(
      409,
      'refund-in-progress',
      'Refund in progress',
      `${pending} ${order.currency} minor units are being refunded right now; at most ${free} more can be refunded until that refund is settled.`,
      { remaining: money(free), refunding: money(pending) },
    );
  }
  return new HttpProblem(
    409,
    'refund-exceeds-order',
    'Refund exceeds order',
    `At most ${free} ${order.currency} minor units remain refundable.`,
    { remaining: money(free) },
  );
}

export function orderRefunds({
  db,
  outbox,
  payments,
}: {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}) {
  /** The refund this request stands for: its earlier one (a repeat), or a new reservation. */
  async function reserve(orderId: string, admin: Principal, request: RefundRequest) {
    return db.transaction(async (tx) => {
      const order = await lockedOrder(tx, orderId);
      const hash = requestHash(request);
      if (request.idempotencyKey) {
        const earlier = await refunds.byRequest(tx, orderId, request.idempotencyKey);
        if (earlier && earlier.requestHash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'Idempotency key reused',
            'This Idempotency-Key was already used with a different refund of this order.',
          );
        }
        if (earlier) return { order, refund: earlier };
      }
      if (CHECKOUT_IN_PROGRESS.includes(order.status) || !REFUNDABLE.includes(order.status)) {
        throw problems.conflict(
          `An order that is ${order.status} cannot be refunded.`,
          'invalid-order-transition',
        );
      }
      await assertNotCancelling(tx, orderId);
      if (request.amount && request.amount.currency !== order.currency) {
        throw problems.badRequest(`Refunds of this order are in ${order.currency}.`, 'currency-mismatch');
      }
      if (!order.paymentId) throw problems.conflict('This order has no payment to refund.', 'no-payment');
      const pending = await refunds.pendingTotal(tx, orderId);
      const amount = request.amount?.amount ?? order.total - order.refunded - pending;
      if (amount <= 0 || amount > order.total - order.refunded - pending)
        throw tooMuch(order, pending, amount);
      const refund = await refunds.insert(tx, {
        id: randomUUID(),
        orderId,
        amount,
        reason: request.reason,
        actor: actorOf(admin),
        requestKey: request.idempotencyKey ?? null,
        requestHash: hash,
        status: 'pending',
        leaseMs: REFUND_LEASE_MS,
      });
      return { order, refund };
    });
  }

  /** Adds a refund the payment service made to the order, once; the order is refunded when nothing remains. */
  async function recordSucceeded(refund: OrderRefund) {
    await outbox.transaction(async (tx, emit) => {
      const current = await lockedOrder(tx, refund.orderId);
      if (!(await refunds.settle(tx, refund.id, 'succeeded'))) return;
      const refunded = current.refunded + refund.amount;
      const updated =
        refunded >= current.total
          ? await moveOrder(tx, emit, current, 'refunded', refund.reason, refund.actor, { refunded })
          : await orders.transition(
              tx,
              current.id,
              current.status,
              current.status,
              refund.reason,
              refund.actor,
              {
                refunded,
              },
            );
      orderEvents.refunded(emit, updated ?? current, refund.amount, refund.reason);
    });
  }

  /** Asks the payment service for a reserved refund and settles it by the answer. */
  async function settle(order: StoredOrder, refund: OrderRefund): Promise<void> {
    let outcome: Awaited<ReturnType<PaymentClient['refund']>>;
    try {
      outcome = await payments.refund(order.paymentId!, `order:${order.id}:refund:${refund.id}`, {
        amount: { amount: refund.amount, currency: order.currency },
        reason: refund.reason,
      });
    } catch (error) {
      if (!(error instanceof TransientCallError)) throw error;
      if (error.status === 409) {
        throw problems.conflict(
          'This refund is being made by another request right now; reload the order shortly.',
          'refund-in-progress',
        );
      }
      // Retried by the worker's next round, the next refund or cancellation of the order, or this
      // request repeated, whichever comes first.
      await refunds.expireLease(db, refund.id);
      throw problems.unavailable(
        'The payment service did not answer; the refund is pending. Retry the request with the same Idempotency-Key.',
        'payment-unavailable',
      );
    }
    if ('refused' in outcome) {
      await refunds.settle(db, refund.id, 'failed');
      throw outcome.refused.code === 'payment-not-refundable'
        ? problems.conflict(
            'The payment is not captured yet; cancel the order instead.',
            'payment-not-captured',
          )
        : problems.conflict(`The payment service refused: ${outcome.refused.detail}`, 'payment-refused');
    }
    await recordSucceeded(refund);
  }

  /** Retries a refund taken over from a request that died or gave up; false while it stays pending. */
  async function retry(refund: OrderRefund): Promise<boolean> {
    const order = (await orders.find(db, refund.orderId))!;
    try {
      await settle(order, refund);
      return true;
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      // A refusal settled it as failed; no answer, or another call making it right now, left it
      // pending for the next retry.
      return !STILL_PENDING.includes(error.slug);
    }
  }

  /** Retries the order's pending refunds whose request died or gave up, so they settle before new ones. */
  async function resumeStale(orderId: string): Promise<void> {
    const stale = await db.transaction((tx) => refunds.takeOverStale(tx, orderId, REFUND_LEASE_MS));
    for (const refund of stale) await retry(refund);
  }

  /** The reconciliation worker's part: retries up to `limit` abandoned refunds of any order; how many settled. */
  async function settleAbandoned(limit: number): Promise<number> {
    const abandoned = await db.transaction((tx) => refunds.takeOverAbandoned(tx, REFUND_LEASE_MS, limit));
    const settled = await Promise.all(abandoned.map(retry));
    return settled.filter(Boolean).length;
  }

  return {
    resumeStale,
    settleAbandoned,

    async refund(orderId: string, admin: Principal, request: RefundRequest): Promise<void> {
      if (request.amount?.amount === 0) {
        throw problems.validation([{ field: 'body.amount.amount', message: 'must be at least 1' }]);
      }
      await resumeStale(orderId);
      const { order, refund } = await reserve(orderId, admin, request);
      if (refund.status === 'succeeded') return;
      if (refund.status === 'failed') {
        throw problems.conflict('The payment service refused this refund earlier.', 'payment-refused');
      }
      await settle(order, refund);
    },
  };
}
