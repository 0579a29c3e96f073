// Exchanges a receipt left half done: the returned units are recorded as received, but the
// product or payment service was away before the replacement was sold, the difference settled or
// the replacement's parcel recorded. The reconciliation worker finishes them here as the receipt
// asked (its admin, its parcel), so nobody has to repeat the receipt; every step of the completion
// is keyed by the exchange, so what the receipt did already is not done twice.
//
// A try that fails is logged and counted, and the next waits twice as long as the last, up to a
// ceiling: a service away for hours is not called every round for every exchange. The exchange
// keeps being retried at the ceiling; once it failed STALLED_AFTER times, its order's timeline
// says so (once), with the error, so an admin sees it needs a look.
import type { Principal, SqlDatabase } from '@emporium/platform';
import { lockedOrder } from '../orders/order-refunds.js';
import { ordersRepository as orders } from '../repositories/orders.js';
import { returnsRepository as returns, type UnfinishedExchange } from '../repositories/returns.js';
import type { orderExchanges } from './order-exchanges.js';

/** Failed tries after which the order's timeline tells admins the exchange is stuck. */
export const STALLED_AFTER = 5;
/** The longest wait between two tries (seconds): a stuck exchange is still tried hourly. */
export const MAX_RETRY_SECONDS = 3_600;

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

/** An HttpProblem's message is its detail, the sentence an admin can act on. */
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function exchangeCompletions(deps: {
  db: SqlDatabase;
  exchanges: Pick<ReturnType<typeof orderExchanges>, 'complete'>;
  /** An exchange is left this long to the receipt that recorded it, or the worker that took it. */
  leaseSeconds: number;
  log: { warn(details: object, message: string): void };
}) {
  const backoff = { firstSeconds: deps.leaseSeconds, maxSeconds: MAX_RETRY_SECONDS };

  /** Counts a failed try, logs it and, at the STALLED_AFTER-th, writes it on the order's timeline. */
  async function failed(exchange: UnfinishedExchange, error: unknown): Promise<void> {
    const reason = errorText(error);
    const attempts = await returns.recordCompletionFailure(deps.db, exchange.id, reason, backoff);
    deps.log.warn(
      { exchangeId: exchange.id, orderId: exchange.orderId, attempts, err: error },
      'finishing an exchange failed; retrying later',
    );
    if (attempts !== STALLED_AFTER) return;
    await deps.db.transaction(async (tx) => {
      const order = await lockedOrder(tx, exchange.orderId);
      await orders.logEvent(
        tx,
        order.id,
        order.status,
        'exchange_stalled',
        `Exchange ${exchange.number} could not be finished after ${attempts} tries (${reason}); it is retried at least hourly`,
        'system:reconciliation',
      );
    });
  }

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
          // Still away, refused, or another call settling it right now: tried again after a wait.
          await failed(exchange, error);
        }
      }
      return finished;
    },
  };
}
