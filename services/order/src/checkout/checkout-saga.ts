// The checkout saga, top to bottom: each named step beside its compensation.
//
//   redeemPromotions  ↔ releasePromotions      (pricing: redemptions keyed by the order id; a
//                                               used-up limit refuses the checkout, ADR 0013)
//   reserveStock      ↔ releaseStock           (product: reservation id = order id)
//   authorizePayment  ↔ voidPayment            (payment: Idempotency-Key order:<id>:authorize)
//   commitStock         — the pivot: once stock is committed the checkout only goes forward
//   confirmOrder        — order confirmed, cart converted, order.confirmed published; calls no
//                         other service, so it takes no time after commitStock; decisive: the
//                         shopper waiting on POST /orders gets the order once it is saved
//   capturePayment      — retried until the payment service answers
//
// A step that is refused (sold out, card declined, reservation expired) or that gets no answer
// before its timeout fails the checkout: the failed step and every step before it are
// compensated, newest first, and the attempt ends checkout_failed (cancelOrder) with a reason the
// shopper can read; the cart's checkout claim is given back, so the shopper can fix the cause and
// retry. Every call is idempotent, so the engine may repeat a step after a crash without harm:
// that is what lets it save a checkout's progress once, at the end, instead of after every step.
// The platform's saga engine runs it (ADR 0014); checkout-saga-store.ts keeps its progress.
import type { OrderStatus } from '@emporium/contracts/order';
import type { SagaDefinition, SagaStep } from '@emporium/platform';
import { TransientCallError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import type { PricingClient } from '../clients/pricing-client.js';
import type { ProductClient } from '../clients/product-client.js';
import type { OrderTransition, StoredOrder } from '../repositories/orders.js';
import type { StepPatch } from '../repositories/saga-steps.js';
import type { SagaContext } from '../repositories/sagas.js';
import {
  outOfStockReason,
  paymentDeclinedReason,
  reservationExpiredReason,
  timeoutReason,
} from './cancellation-reasons.js';

/** What the checkout saga works on: the order as last saved. */
export interface CheckoutSubject {
  order: StoredOrder;
  /**
   * The order's transitions, kept only for a saga placed by this process (where they are known
   * without a read), so that checkout can answer with the settled order without reading it back.
   */
  timeline?: OrderTransition[];
}

/** An order move a step records; the store checks it against the state machine and saves it. */
export interface SagaMove {
  to: OrderStatus;
  reason: string;
  patch?: StepPatch;
  /** The order's cart is checked out: it becomes converted with the move. */
  convertCart?: boolean;
  /** The checkout failed: the cart's claim is given back with the move, the cart stays open. */
  releaseCart?: boolean;
}

export type CheckoutStep = SagaStep<SagaContext, CheckoutSubject, SagaMove>;
export type CheckoutSagaDefinition = SagaDefinition<SagaContext, CheckoutSubject, SagaMove>;

export interface CheckoutSagaDeps {
  products: ProductClient;
  payments: PaymentClient;
  pricing: PricingClient;
  reservationTtlSeconds: number;
  /** How long a step may keep failing transiently before the checkout is compensated. */
  stepTimeoutMs: number;
}

const authorizeKey = (orderId: string) => `order:${orderId}:authorize`;

export function checkoutSaga(deps: CheckoutSagaDeps): CheckoutSagaDefinition {
  const { products, payments, pricing, reservationTtlSeconds } = deps;
  /** A timeout the shopper reads as `system` not answering. */
  const within = (system: string) => ({
    timeoutMs: deps.stepTimeoutMs,
    timedOut: () => ({ code: 'timeout', reason: timeoutReason(system) }),
  });

  const steps: CheckoutStep[] = [
    {
      // First: a promotion used up meanwhile refuses the checkout before stock or money is held,
      // and the shopper is never charged a price other than the one the quote showed.
      name: 'redeemPromotions',
      ...within('our promotions system'),
      async run({ subject: { order }, context }) {
        const promotions = context.promotions ?? [];
        if (promotions.length === 0) return { kind: 'done' };
        const outcome = await pricing.redeem(order.id, order.userId ?? undefined, promotions);
        if (outcome.redeemed) return { kind: 'done' };
        return { kind: 'refused', code: outcome.code, reason: outcome.reason };
      },
      async compensate({ subject: { order }, context }) {
        if ((context.promotions ?? []).length > 0) await pricing.release(order.id);
      },
    },

    {
      name: 'reserveStock',
      ...within('our stock system'),
      async run({ subject: { order } }) {
        const lines = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
        const outcome = await products.reserve(
          order.id,
          lines,
          reservationTtlSeconds,
          order.shippingAddress.country,
        );
        if (!outcome.reserved) {
          return {
            kind: 'refused',
            code: 'out_of_stock',
            reason: outOfStockReason(order, outcome.unavailable),
            unavailable: outcome.unavailable,
          };
        }
        return { kind: 'done', effect: { to: 'stock_reserved', reason: 'Stock reserved for every line' } };
      },
      async compensate({ subject: { order } }) {
        await products.release(order.id);
      },
    },

    {
      name: 'authorizePayment',
      ...within('the payment provider'),
      async run({ subject: { order }, context }) {
        const outcome = await payments.authorize(authorizeKey(order.id), {
          orderId: order.id,
          ...(order.userId ? { customerId: order.userId } : {}),
          amount: { amount: order.total, currency: order.currency },
          paymentToken: context.paymentToken ?? '',
        });
        if (!outcome.authorized) {
          return {
            kind: 'refused',
            code: outcome.code,
            reason: paymentDeclinedReason(outcome.declineMessage),
          };
        }
        return {
          kind: 'done',
          // The token has done its job; it is not kept longer than needed.
          learned: { paymentId: outcome.paymentId, paymentToken: undefined },
          effect: {
            to: 'payment_authorized',
            reason: 'Payment authorized',
            patch: { paymentId: outcome.paymentId },
          },
        };
      },
      async compensate({ subject: { order }, context }) {
        // The authorization's answer may have been lost: void whatever the payment service holds.
        const held = context.paymentId
          ? [context.paymentId]
          : (await payments.forOrder(order.id))
              .filter((p) => p.status === 'authorized')
              .map((p) => p.paymentId);
        for (const paymentId of held) await payments.void(paymentId, `order:${order.id}:void:${paymentId}`);
      },
    },

    {
      name: 'commitStock',
      ...within('our stock system'),
      async run({ subject: { order } }) {
        if (await products.commit(order.id)) return { kind: 'done' };
        return { kind: 'refused', code: 'reservation_expired', reason: reservationExpiredReason() };
      },
    },

    {
      name: 'confirmOrder',
      decisive: true,
      async run() {
        return {
          kind: 'done',
          effect: { to: 'confirmed', reason: 'Stock committed and payment authorized', convertCart: true },
        };
      },
    },

    {
      name: 'capturePayment',
      async run({ subject: { order }, context }) {
        // A refused capture (the authorization lapsed) is logged for an admin; the order stands.
        const outcome = await payments.capture(context.paymentId!, `order:${order.id}:capture`);
        return outcome === 'captured'
          ? { kind: 'done' }
          : { kind: 'done', learned: { captureRefused: true } };
      },
    },
  ];

  return {
    steps,
    isTransient: (error) => error instanceof TransientCallError,
    idempotentSteps: true,
    whenCompensated: {
      name: 'cancelOrder',
      // An attempt, not an order: the cart's claim goes back with the move.
      effect: (failure) => ({
        to: 'checkout_failed',
        reason: failure.reason,
        patch: { cancellationCode: failure.code, cancellationReason: failure.reason },
        releaseCart: true,
      }),
    },
  };
}
