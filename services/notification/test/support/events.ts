// Builders for the events other services publish, with sensible defaults.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@emporium/contracts';

export const anEmail = (name = 'shopper') => `${name}.${randomUUID().slice(0, 8)}@example.test`;

export function anOrder(overrides: Partial<EventData<'order.confirmed'>> = {}): EventData<'order.confirmed'> {
  return {
    orderId: randomUUID(),
    orderNumber: `EM-${Math.floor(100000 + Math.random() * 900000)}`,
    userId: randomUUID(),
    email: anEmail(),
    lines: [
      {
        sku: 'MUG-BLUE',
        productId: 'p-mug',
        title: 'Blue enamel mug',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'EUR' },
        lineTotal: { amount: 2500, currency: 'EUR' },
      },
      {
        sku: 'TEE-M',
        productId: 'p-tee',
        title: 'Organic T-shirt (M)',
        quantity: 1,
        unitPrice: { amount: 1999, currency: 'EUR' },
        lineTotal: { amount: 1999, currency: 'EUR' },
      },
    ],
    totals: {
      subtotal: { amount: 4499, currency: 'EUR' },
      shipping: { amount: 495, currency: 'EUR' },
      tax: { amount: 0, currency: 'EUR' },
      total: { amount: 4994, currency: 'EUR' },
    },
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'N1 9GU',
      country: 'GB',
    },
    ...overrides,
  };
}
