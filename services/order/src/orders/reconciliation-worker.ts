// Periodically settles what an admin request left half done, so a crash, a restart or a payment
// outage loses nothing and order and payment converge without anyone asking again: pending
// refunds whose lease ran out are retried with their own payment key and settled by the answer;
// cancellations whose holder died or gave up are finished as their admin asked (payment voided or
// refunded, order cancelled) or released when the payment service definitely refuses; returned
// units the product service has not taken back are handed to it again; exchanges received while
// a service was away are finished (replacement sold and shipped, difference settled; a failing one
// waits longer between tries, exchange-completions.ts). Every
// replica runs one; SKIP LOCKED and the renewed leases keep replicas from taking the same row.
import type { Outbox, SqlDatabase } from '@emporium/platform';
import type { FastifyBaseLogger } from 'fastify';
import type { PaymentClient } from '../clients/payment-client.js';
import type { ProductClient } from '../clients/product-client.js';
import { exchangeCompletions } from '../returns/exchange-completions.js';
import type { orderExchanges } from '../returns/order-exchanges.js';
import { restockRetries } from '../returns/restock-retries.js';
import { orderCancellation } from './order-cancellation.js';
import { orderRefunds } from './order-refunds.js';

/** Rows taken per kind and round: bounds one round's payment calls during an outage. */
const BATCH = 20;

export interface Reconciler {
  /** One round; how many refunds settled, cancellations ended, returned lines restocked and exchanges finished. */
  reconcile(): Promise<{ refunds: number; cancellations: number; restocks: number; exchanges: number }>;
}

export function orderReconciler(deps: {
  db: SqlDatabase;
  outbox: Outbox;
  payments: PaymentClient;
  products: Pick<ProductClient, 'restockReturn'>;
  exchanges: Pick<ReturnType<typeof orderExchanges>, 'complete'>;
  /** How long a call to another service may take: a restock under way is not taken over before twice that. */
  downstreamTimeoutMs: number;
  /** Where a failed try at a row is reported, with the row's id. */
  log: Pick<FastifyBaseLogger, 'warn'>;
}): Reconciler {
  const refunding = orderRefunds(deps);
  const cancelling = orderCancellation(deps);
  const leaseSeconds = Math.ceil((2 * deps.downstreamTimeoutMs) / 1000);
  const restocking = restockRetries({ ...deps, leaseSeconds });
  const completing = exchangeCompletions({ ...deps, leaseSeconds });
  return {
    async reconcile() {
      const [refunds, cancellations, restocks, exchanges] = await Promise.all([
        refunding.settleAbandoned(BATCH),
        cancelling.finishAbandoned(BATCH),
        restocking.retryOwed(BATCH),
        completing.finishAbandoned(BATCH),
      ]);
      return { refunds, cancellations, restocks, exchanges };
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
      if (Object.values(settled).some((count) => count > 0))
        log.info(settled, 'settled abandoned refunds, cancellations, restocks and exchanges');
    } catch (error) {
      log.warn({ err: error }, 'reconciling refunds, cancellations, restocks and exchanges failed; retrying');
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
