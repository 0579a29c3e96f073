// Drives checkout sagas: the platform's saga engine runs the checkout definition
// (checkout-saga.ts) over its SQL store (checkout-saga-store.ts). This adds what only checkout
// needs: POST /orders waits for its saga to be decided, the recovery worker claims sagas whose
// driver died, and a stopping process hands its sagas to the other replicas.
import { createSagaEngine, type Outbox, type SqlDatabase } from '@emporium/platform';
import type { FastifyBaseLogger } from 'fastify';
import type { PaymentClient } from '../clients/payment-client.js';
import type { PricingClient } from '../clients/pricing-client.js';
import type { ProductClient } from '../clients/product-client.js';
import { checkoutSaga } from './checkout-saga.js';
import { type CheckoutSaga, checkoutSagaStore } from './checkout-saga-store.js';

export interface SagaRunnerOptions {
  db: SqlDatabase;
  outbox: Outbox;
  products: ProductClient;
  payments: PaymentClient;
  pricing: PricingClient;
  log: FastifyBaseLogger;
  /** Identifies this process in leases. */
  owner: string;
  leaseMs: number;
  stepDeadlineMs: number;
  reservationTtlSeconds: number;
}

export function createSagaRunner(options: SagaRunnerOptions) {
  const { owner, leaseMs, log } = options;
  const store = checkoutSagaStore(options);
  const settledWaiters = new Map<string, ((saga?: CheckoutSaga) => void)[]>();

  function announceSettled(saga: CheckoutSaga) {
    const orderId = saga.state.id;
    for (const resolve of settledWaiters.get(orderId) ?? []) resolve(saga);
    settledWaiters.delete(orderId);
  }

  const engine = createSagaEngine({
    definition: checkoutSaga({
      products: options.products,
      payments: options.payments,
      pricing: options.pricing,
      reservationTtlSeconds: options.reservationTtlSeconds,
      stepTimeoutMs: options.stepDeadlineMs,
    }),
    store,
    // A save renews the lease: progress saved lazily is saved before the lease could lapse.
    saveEveryMs: leaseMs / 2,
    hooks: {
      onDecided: announceSettled,
      onCompensated: announceSettled,
      onRetry: (orderId, step, error) =>
        log.warn({ orderId, step, err: (error as Error).message }, 'saga step retrying'),
      onStopped: (orderId, error) =>
        log.error({ err: error, orderId }, 'saga stopped; recovery will resume it'),
    },
  });

  return {
    /**
     * Drives a saga this process holds the lease of (no-op if it is already being driven here).
     * `placed`: the saga and order just created in this process, so they need not be read back.
     */
    drive(orderId: string, placed?: CheckoutSaga): Promise<void> {
      return engine.drive(orderId, placed);
    },

    /**
     * Resolves when the order is confirmed or cancelled by this process (with the saga as saved
     * then), or with undefined after `ms`.
     */
    async settled(orderId: string, ms: number): Promise<CheckoutSaga | undefined> {
      let resolve!: (saga?: CheckoutSaga) => void;
      const done = new Promise<CheckoutSaga | undefined>((r) => {
        resolve = r;
      });
      settledWaiters.set(orderId, [...(settledWaiters.get(orderId) ?? []), resolve]);
      const timer = setTimeout(() => resolve(), ms);
      const saga = await done;
      clearTimeout(timer);
      const waiters = settledWaiters.get(orderId)?.filter((w) => w !== resolve);
      if (waiters?.length) settledWaiters.set(orderId, waiters);
      else settledWaiters.delete(orderId);
      return saga;
    },

    /** Takes over sagas whose driver died, and drives them. Returns how many it claimed. */
    async recoverAbandoned(limit = 20): Promise<number> {
      const claimed = await store.claimAbandoned(limit);
      for (const orderId of claimed) void engine.drive(orderId);
      return claimed.length;
    },

    /** Stops driving, waits briefly for running steps, and hands the rest to other replicas. */
    async stop(graceMs = 5000): Promise<void> {
      await engine.stop(graceMs);
      await store.releaseLeases().catch(() => {});
    },

    get owner() {
      return owner;
    },
  };
}

export type SagaRunner = ReturnType<typeof createSagaRunner>;
