// The checkout saga, top to bottom: each named step beside its compensation.
//
//   redeemPromotions  ↔ releasePromotions      (pricing: redemptions keyed by the order id; a
//                                               used-up limit refuses the checkout, ADR 0013)
//   reserveStock      ↔ releaseStock           (product: reservation id = order id)
//   authorizePayment  ↔ voidPayment            (payment: Idempotency-Key order:<id>:authorize)
//   commitStock         — the pivot: once stock is committed the checkout only goes forward
//   confirmOrder        — order confirmed, cart converted, order.confirmed published; calls no
//                         other service, so it happens with commitStock
//   capturePayment      — retried until the payment service answers
//
// A step that is refused (sold out, card declined, reservation expired) or that gets no answer
// before its deadline fails the checkout: the failed step and every step before it are
// compensated, newest first, and the attempt ends checkout_failed with a reason the shopper can
// read; the cart's checkout claim is given back, so the shopper can fix the cause and retry.
// Every call is idempotent, so the runner may repeat a step after a crash without harm: that is
// what lets it save a checkout's progress once, at the end, instead of after every step.
import type { OrderStatus } from '@emporium/contracts/order';
import type { PaymentClient } from '../clients/payment-client.js';
import type { PricingClient } from '../clients/pricing-client.js';
import type { ProductClient, Unavailable } from '../clients/product-client.js';
import type { OrderRow } from '../repositories/orders.js';
import type { StepPatch } from '../repositories/saga-steps.js';
import type { SagaContext } from '../repositories/sagas.js';
import { outOfStockReason, paymentDeclinedReason, reservationExpiredReason } from './cancellation-reasons.js';

export interface StepEnv {
  order: OrderRow;
  context: SagaContext;
  products: ProductClient;
  payments: PaymentClient;
  pricing: PricingClient;
  reservationTtlSeconds: number;
}

export type StepResult =
  | {
      kind: 'done';
      /** Facts later steps or compensations need (e.g. the payment id). */
      learned?: Partial<SagaContext>;
      /** The order's move, saved with the checkout's progress (saga-runner.ts). */
      move?: SagaMove;
    }
  | { kind: 'refused'; code: string; reason: string; unavailable?: Unavailable[] };

export interface SagaStep {
  name: string;
  /** Transient failures (no answer, 5xx) throw and are retried until the deadline. */
  invoke(env: StepEnv): Promise<StepResult>;
  /** Undoes the step, whether it completed, was refused or never answered. Must be idempotent. */
  compensate?(env: StepEnv): Promise<void>;
  /** How long the step may keep failing transiently before the checkout is compensated. */
  deadlineMs?: number;
  /**
   * Calls no other service and never fails: the runner runs it at once after the step before it,
   * so the two are always saved together (both still logged).
   */
  local?: boolean;
}

/** An order move a step records; the saga runner checks it against the state machine. */
export interface SagaMove {
  to: OrderStatus;
  reason: string;
  patch?: StepPatch;
  /** The order's cart is checked out: it becomes converted with the move. */
  convertCart?: boolean;
  /** The checkout failed: the cart's claim is given back with the move, the cart stays open. */
  releaseCart?: boolean;
}

const authorizeKey = (orderId: string) => `order:${orderId}:authorize`;

export function checkoutSteps(deadlineMs: number): SagaStep[] {
  return [
    {
      // First: a promotion used up meanwhile refuses the checkout before stock or money is held,
      // and the shopper is never charged a price other than the one the quote showed.
      name: 'redeemPromotions',
      deadlineMs,
      async invoke({ order, context, pricing }) {
        const promotions = context.promotions ?? [];
        if (promotions.length === 0) return { kind: 'done' };
        const outcome = await pricing.redeem(order.id, order.user_id ?? undefined, promotions);
        if (outcome.redeemed) return { kind: 'done' };
        return { kind: 'refused', code: outcome.code, reason: outcome.reason };
      },
      async compensate({ order, context, pricing }) {
        if ((context.promotions ?? []).length > 0) await pricing.release(order.id);
      },
    },

    {
      name: 'reserveStock',
      deadlineMs,
      async invoke({ order, products, reservationTtlSeconds }) {
        const lines = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
        const outcome = await products.reserve(
          order.id,
          lines,
          reservationTtlSeconds,
          order.shipping_address.country,
        );
        if (!outcome.reserved) {
          return {
            kind: 'refused',
            code: 'out_of_stock',
            reason: outOfStockReason(order, outcome.unavailable),
            unavailable: outcome.unavailable,
          };
        }
        return { kind: 'done', move: { to: 'stock_reserved', reason: 'Stock reserved for every line' } };
      },
      async compensate({ order, products }) {
        await products.release(order.id);
      },
    },

    {
      name: 'authorizePayment',
      deadlineMs,
      async invoke({ order, context, payments }) {
        const outcome = await payments.authorize(authorizeKey(order.id), {
          orderId: order.id,
          ...(order.user_id ? { customerId: order.user_id } : {}),
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
          move: {
            to: 'payment_authorized',
            reason: 'Payment authorized',
            patch: { payment_id: outcome.paymentId },
          },
        };
      },
      async compensate({ order, context, payments }) {
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
      deadlineMs,
      async invoke({ order, products }) {
        if (await products.commit(order.id)) return { kind: 'done' };
        return { kind: 'refused', code: 'reservation_expired', reason: reservationExpiredReason() };
      },
    },

    {
      name: 'confirmOrder',
      local: true,
      async invoke() {
        return {
          kind: 'done',
          move: { to: 'confirmed', reason: 'Stock committed and payment authorized', convertCart: true },
        };
      },
    },

    {
      name: 'capturePayment',
      async invoke({ order, context, payments }) {
        // A refused capture (the authorization lapsed) is logged for an admin; the order stands.
        const outcome = await payments.capture(context.paymentId!, `order:${order.id}:capture`);
        return outcome === 'captured'
          ? { kind: 'done' }
          : { kind: 'done', learned: { captureRefused: true } };
      },
    },
  ];
}
