// The catalogue of domain events: type → schema of `data`. Producers validate on publish,
// consumers on receipt, against these same schemas.
import type { Static } from '@sinclair/typebox';
import { authEvents } from './auth.js';
import { orderEvents } from './order.js';
import { paymentEvents } from './payment.js';
import { productEvents } from './product.js';
import { userEvents } from './user.js';

export { OrderLineSnapshot, OrderTotals } from './order.js';
export { authEvents, orderEvents, paymentEvents, productEvents, userEvents };

export const eventSchemas = {
  ...authEvents,
  ...userEvents,
  ...productEvents,
  ...orderEvents,
  ...paymentEvents,
};

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = Static<(typeof eventSchemas)[T]>;
