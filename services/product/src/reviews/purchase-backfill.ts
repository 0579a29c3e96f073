// Teaches the review read model the purchases made before it listened to order events: pages
// through the order service's past purchases and records each, skipping those already known.
// Safe to run again, and beside another run or the live event consumer: every insert is
// on-conflict-do-nothing on (order, product), so each purchase is recorded once, and a purchase
// whose cancellation the consumer recorded stays cancelled.
import type { ReviewStore } from '../repositories/review-store.js';
import type { ReadPurchasePage } from './order-purchases-client.js';

export interface BackfillReport {
  /** Purchases the order service listed. */
  read: number;
  /** Of those, the ones this run recorded (the rest were known already). */
  recorded: number;
}

export async function backfillPurchases(
  readPage: ReadPurchasePage,
  reviews: Pick<ReviewStore, 'recordPurchases'>,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  const report: BackfillReport = { read: 0, recorded: 0 };
  let after: string | undefined;
  do {
    const page = await readPage(after);
    report.read += page.items.length;
    report.recorded += await reviews.recordPurchases(
      page.items.map((item) => ({
        orderId: item.orderId,
        userId: item.customerId,
        productId: item.productId,
      })),
    );
    onPage({ ...report });
    after = page.nextCursor;
  } while (after);
  return report;
}
