// Returned units the product service has not taken back yet: a receipt records them first and
// calls the product service after, so an outage between the two leaves lines marked for restock
// but not restocked. The reconciliation worker hands them back here until every one is in stock,
// so no returned unit is lost without anyone repeating the receipt.
import type { SqlDatabase } from '@emporium/platform';
import type { ProductClient } from '../clients/product-client.js';
import { returnsRepository as returns } from '../repositories/returns.js';

export function restockRetries(deps: {
  db: SqlDatabase;
  products: Pick<ProductClient, 'restockReturn'>;
  /** A line is left this long to the receipt that recorded it, or the worker that took it. */
  leaseSeconds: number;
}) {
  return {
    /** Retries up to `limit` owed restocks; how many the product service took back. */
    async retryOwed(limit: number): Promise<number> {
      const owed = await returns.claimOwedRestocks(deps.db, limit, deps.leaseSeconds);
      let done = 0;
      for (const line of owed) {
        try {
          await deps.products.restockReturn(line.sku, line.quantity, {
            orderId: line.orderId,
            returnId: line.returnId,
          });
        } catch {
          // Still away: the line stays owed and the next round takes it once its lease ran out.
          continue;
        }
        await returns.markRestocked(deps.db, line.returnId, line.sku);
        done += 1;
      }
      return done;
    },
  };
}
