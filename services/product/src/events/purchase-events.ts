// Keeps the verified-purchase read model that review eligibility checks: a confirmed order makes
// its account a buyer of its products, a cancelled one takes that back. Read from events rather
// than asked of the order service, so writing a review never waits on (or fails with) that
// service (docs/decisions/0015-reviews-in-the-product-service.md). Guest orders name no account.
import type { EventData } from '@emporium/contracts';
import type { EventBus, EventEnvelope } from '@emporium/platform';
import type { EventStore } from '../repositories/catalog-store.js';
import type { ReviewStore } from '../repositories/review-store.js';

export const PURCHASES_CONSUMER = 'product-reviews';

type OrderFacts = EventData<'order.confirmed'> | EventData<'order.cancelled'>;

export async function subscribeToPurchases(
  bus: Pick<EventBus, 'subscribe'>,
  events: EventStore,
  reviews: ReviewStore,
) {
  await bus.subscribe({
    consumer: PURCHASES_CONSUMER,
    eventTypes: ['order.confirmed', 'order.cancelled'],
    async handle(event: EventEnvelope) {
      const order = event.data as OrderFacts;
      if (order.userId) {
        const productIds = [...new Set(order.lines.map((line) => line.productId))];
        // Both writes are idempotent, so the effect goes first and the inbox record after it.
        if (event.type === 'order.confirmed')
          await reviews.recordPurchase(order.orderId, order.userId, productIds);
        else await reviews.cancelPurchase(order.orderId, order.userId, productIds);
      }
      await events.recordHandled(PURCHASES_CONSUMER, event.id);
    },
  });
}
