// Envelopes of the events this service produces, validated against the shared catalogue when
// they are created, so a malformed event fails the write that would have stored it.
import { type EventData, productEvents } from '@emporium/contracts';
import { createEnvelope, type EventEnvelope, validateEnvelope } from '@emporium/platform';

export const PRODUCT_SOURCE = '/services/product';

type ProductEventType = keyof typeof productEvents;

export function productEvent<T extends ProductEventType>(
  type: T,
  subject: string,
  data: EventData<T>,
): EventEnvelope {
  const envelope = createEnvelope(PRODUCT_SOURCE, { type, subject, data });
  validateEnvelope(productEvents, envelope);
  return envelope;
}
