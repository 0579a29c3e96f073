// Periodically settles what an admin request left half done, so a crash, a restart or a payment
// outage loses nothing and order and payment converge without anyone asking again: pending
// refunds whose lease ran out are retried with their own payment key and settled by the answer;
// cancellations whose holder died or gave up are finished as their admin asked (payment voided or
// refunded, order cancelled) or released when the payment service definitely refuses. Every
// replica runs one; SKIP LOCKED and the renewed leases keep replicas from taking the same row.
import type { Outbox, SqlDatabase } from '@emporium/platform';
import type { FastifyBaseLogger } from 'fastify';
import type { PaymentClient } from '../clients/payment-client.js';
import { orderCancellation } from './order-cancellation.js';
import { orderRefunds } from './order-refunds.js';

/** Rows taken per kind and round: bounds one round's payment calls during an outage. */
const BATCH = 20;

export interface Reconciler {
  /** One round; how many refunds settled and cancellations ended. */
  reconcile(): Promise<{ refunds: number; cancellations: number }>;
}

export function orderReconciler(deps: {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
}): Reconciler {
  const refunding = orderRefunds(deps);
  const cancelling = orderCancellation(deps);
  return {
    async reconcile() {
      const [refunds, cancellations] = await Promise.all([
        refunding.settleAbandoned(BATCH),
        cancelling.finishAbandoned(BATCH),
      ]);
      return { refunds, cancellations };
    },
  };
}

export function startReconciliationWorker(
  reconciler: Reconciler,
  intervalMs: number,
  log: FastifyBaseLogger,
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    try {
      const settled = await reconciler.reconcile();
      if (settled.refunds + settled.cancellations > 0)
        log.info(settled, 'settled abandoned refunds and cancellations');
    } catch (error) {
      log.warn({ err: error }, 'reconciling refunds and cancellations failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => (round = tick()), intervalMs);
  };
  timer = setTimeout(() => (round = tick()), 0);
  return {
    /** Stops scheduling rounds and waits for the one running, so the database can close after it. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
