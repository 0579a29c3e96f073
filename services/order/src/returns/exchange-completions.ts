// Exchanges a receipt left half done: the returned units are recorded as received, but the
// product or payment service was away before the replacement was sold, the difference settled or
// the replacement's parcel recorded. The reconciliation worker finishes them here as the receipt
// asked (its admin, its parcel), so nobody has to repeat the receipt; every step of the completion
// is keyed by the exchange, so what the receipt did already is not done twice.
import { HttpProblem, type Principal, type SqlDatabase } from '@emporium/platform';
import { returnsRepository as returns, type UnfinishedExchange } from '../repositories/returns.js';
import type { orderExchanges } from './order-exchanges.js';

/** The admin who recorded the receipt: the worker acts, and refunds, in their name. */
const receivingAdmin = (exchange: UnfinishedExchange): Principal => ({
  userId: exchange.receivedBy,
  roles: ['admin'],
  tokenId: `receipt:${exchange.id}`,
});

const parcelOf = (exchange: UnfinishedExchange) =>
  exchange.replacementCarrier
    ? {
        carrier: exchange.replacementCarrier,
        ...(exchange.replacementTrackingNumber ? { trackingNumber: exchange.replacementTrackingNumber } : {}),
      }
    : undefined;

export function exchangeCompletions(deps: {
  db: SqlDatabase;
  exchanges: Pick<ReturnType<typeof orderExchanges>, 'complete'>;
  /** An exchange is left this long to the receipt that recorded it, or the worker that took it. */
  leaseSeconds: number;
}) {
  return {
    /** Finishes up to `limit` exchanges whose receipt stopped half way; how many finished. */
    async finishAbandoned(limit: number): Promise<number> {
      const unfinished = await returns.claimUnfinishedExchanges(deps.db, limit, deps.leaseSeconds);
      let finished = 0;
      for (const exchange of unfinished) {
        try {
          await deps.exchanges.complete(
            exchange.orderId,
            exchange.id,
            receivingAdmin(exchange),
            parcelOf(exchange),
          );
          finished += 1;
        } catch (error) {
          if (!(error instanceof HttpProblem)) throw error;
          // Still away, or another call settling it right now: the next round takes it once its
          // lease ran out.
        }
      }
      return finished;
    },
  };
}
