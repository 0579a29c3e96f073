// Builders for the API shapes the component tests need: a cart line, a cart, an order.
import type { Cart, CartLine, Order } from '@emporium/api-client';

const usd = (amount: number) => ({ amount, currency: 'USD' });

export function line(sku: string, overrides: Partial<CartLine> = {}): CartLine {
  const quantity = overrides.quantity ?? 1;
  const unit = overrides.unitPrice?.amount ?? 2500;
  return {
    sku,
    title: `Parka (${sku})`,
    quantity,
    unitPrice: usd(unit),
    lineTotal: usd(unit * quantity),
    available: 10,
    availability: 'in_stock',
    ...overrides,
  };
}

export function cart(lines: CartLine[], overrides: Partial<Cart> = {}): Cart {
  return {
    cartId: '11111111-1111-4111-8111-111111111111',
    status: 'active',
    currency: 'USD',
    lines,
    subtotal: lines.length ? usd(lines.reduce((sum, l) => sum + (l.lineTotal?.amount ?? 0), 0)) : null,
    notices: [],
    ...overrides,
  };
}

export function order(overrides: Partial<Order> = {}): Order {
  const address = { name: 'Ada', line1: '1 Road', city: 'Town', postalCode: '123', country: 'US' };
  return {
    orderId: '22222222-2222-4222-8222-222222222222',
    orderNumber: 'EM-100001',
    status: 'confirmed',
    email: 'ada@example.com',
    lines: [],
    totals: { subtotal: usd(5000), shipping: usd(0), tax: usd(0), total: usd(5000) },
    refunded: usd(0),
    shippingMethod: 'standard',
    shippingAddress: address,
    billingAddress: address,
    fulfillmentStatus: 'unfulfilled',
    shipments: [],
    returns: [],
    timeline: [],
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}
