// Consumes the order events the saga's compensation relies on: a cancelled order's reservation
// (reservationId = orderId) is released even if the order service's direct call was lost, and the
// sold units of an order cancelled after it was confirmed go back on the shelf.
import type { EventData } from '@emporium/contracts';
import type { EventBus, EventEnvelope } from '@emporium/platform';
import type { EventStore } from '../repositories/catalog-store.js';
import type { StockService } from '../stock/stock-service.js';

export const CONSUMER = 'product';

export async function subscribeToOrderEvents(
  bus: Pick<EventBus, 'subscribe'>,
  events: EventStore,
  stock: StockService,
): Promise<void> {
  await bus.subscribe({
    consumer: CONSUMER,
    eventTypes: ['order.cancelled'],
    async handle(event: EventEnvelope) {
      const { orderId } = event.data as EventData<'order.cancelled'>;
      // Releasing and restoring are idempotent, so the effect goes first and the inbox record
      // after it: a crash between the two only repeats a no-op.
      await stock.orderCancelled(orderId);
      await events.recordHandled(CONSUMER, event.id);
    },
  });
}
