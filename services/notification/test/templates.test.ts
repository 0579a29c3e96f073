import { describe, expect, it } from 'vitest';
import { lowStock } from '../src/templates/low-stock.js';
import { formatMoney } from '../src/templates/money.js';
import { orderConfirmed } from '../src/templates/order-confirmed.js';
import { orderShipped } from '../src/templates/order-shipped.js';
import { returnUpdated } from '../src/templates/return-updated.js';
import { shipmentCreated } from '../src/templates/shipment-created.js';
import { anOrder } from './support/events.js';

const context = { shopName: "Tom & Jerry's <Shop>", webUrl: 'https://shop.example.test/' };

describe('message templates', () => {
  it('formats money from minor units in the currency of the amount', () => {
    expect(formatMoney({ amount: 4994, currency: 'EUR' })).toBe('€49.94');
    expect(formatMoney({ amount: 500, currency: 'JPY' })).toBe('¥500');
    expect(formatMoney({ amount: 1234, currency: 'KWD' })).toBe('KWD\u00a01.234');
    expect(formatMoney({ amount: 5, currency: 'USD' })).toBe('$0.05');
  });

  it('escapes shop and product names in HTML and keeps them verbatim in plain text', () => {
    const order = anOrder();
    order.lines[0]!.title = '<script>alert("x")</script> Mug';
    const { mail } = orderConfirmed(order, context);

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Mug');
    expect(mail.html).toContain('Tom &amp; Jerry&#39;s &lt;Shop&gt;');
    expect(mail.text).toContain('<script>alert("x")</script> Mug (MUG-BLUE): 2 × €12.50 = €25.00');
    expect(mail.text).toContain("Tom & Jerry's <Shop>");
  });

  it('links to the order in the web shop and totals it', () => {
    const order = anOrder();
    const { mail, feed } = orderConfirmed(order, context);
    expect(mail.text).toContain(`View your order: https://shop.example.test/orders/${order.orderId}`);
    expect(mail.html).toContain(`href="https://shop.example.test/orders/${order.orderId}"`);
    expect(mail.text).toMatch(/Subtotal: €44\.99\nShipping: €4\.95\nTax: €0\.00\nTotal: €49\.94/);
    expect(feed).toEqual({
      title: `Order ${order.orderNumber} confirmed`,
      body: '3 items, total €49.94.',
      link: `/orders/${order.orderId}`,
    });
  });

  it('tells a pickup where to collect it, and a shipment its address', () => {
    const order = anOrder();
    const pickup = {
      ...order,
      shippingMethod: 'pickup',
      shippingName: 'Collect from a parcel point',
      shippingAddress: { name: 'Ada Lovelace', country: 'DE' },
    };
    const { mail } = orderConfirmed(pickup, context);
    expect(mail.text).toContain('Pickup at Collect from a parcel point');
    expect(mail.text).not.toContain('shipped to');
    expect(orderConfirmed(order, context).mail.text).toContain('It will be shipped to');
  });

  it('shows what promotions took off, and no discount line when nothing was', () => {
    const order = anOrder();
    const discounted = {
      ...order,
      totals: {
        ...order.totals,
        discount: { amount: 500, currency: 'EUR' },
        total: { amount: 4494, currency: 'EUR' },
      },
    };
    const { mail } = orderConfirmed(discounted, context);
    expect(mail.text).toMatch(/Shipping: €4\.95\nDiscount: −€5\.00\nTax: €0\.00\nTotal: €44\.94/);
    expect(mail.html).toContain('−€5.00');
    expect(orderConfirmed(order, context).mail.text).not.toContain('Discount');
  });

  it('gives the tracking number of a shipped order when there is one', () => {
    const order = anOrder();
    expect(orderShipped({ ...order, carrier: 'DHL', trackingNumber: 'JD01' }, context).mail.text).toContain(
      'Tracking number (DHL): JD01',
    );
    expect(orderShipped(order, context).mail.text).not.toContain('Tracking number');
  });

  it('links a parcel to its carrier tracking page, and to the order when the carrier has none', () => {
    const order = anOrder();
    const shipment = {
      shipmentId: order.orderId,
      number: 1,
      carrier: 'DHL',
      trackingNumber: 'JD01',
      trackingUrl: 'https://www.dhl.com/track?id=JD01',
      lines: [{ sku: 'MUG-BLUE', title: 'Blue enamel mug', quantity: 2 }],
    };
    const tracked = shipmentCreated({ ...order, shipment, fulfillmentStatus: 'fulfilled' }, context);
    expect(tracked.mail.text).toContain('Good news: order');
    expect(tracked.mail.html).toContain('href="https://www.dhl.com/track?id=JD01"');
    const { trackingUrl: _none, ...untracked } = shipment;
    const plain = shipmentCreated(
      {
        ...order,
        shipment: { ...untracked, carrier: 'Acme Post', number: 2 },
        fulfillmentStatus: 'fulfilled',
      },
      context,
    );
    expect(plain.mail.text).toContain('Parcel 2 of order');
    expect(plain.mail.text).toContain('Tracking number (Acme Post): JD01');
    expect(plain.mail.html).toContain(`href="https://shop.example.test/orders/${order.orderId}"`);
  });

  it('tells the shopper where a return stands, and leaves the refund to its receipt', () => {
    const order = anOrder();
    const ret = {
      returnId: order.orderId,
      number: 1,
      status: 'received' as const,
      reason: 'Too small',
      lines: [{ sku: 'MUG-BLUE', title: 'Blue enamel mug', quantity: 1 }],
      refund: { amount: 1488, currency: 'EUR' },
    };
    const received = returnUpdated({ ...order, return: ret }, context)!;
    expect(received.mail.subject).toBe(`Order ${order.orderNumber}: return 1 received`);
    expect(received.mail.text).toContain('You will be refunded €14.88');
    const rejected = returnUpdated(
      { ...order, return: { ...ret, status: 'rejected', rejectionReason: 'Worn' } },
      context,
    )!;
    expect(rejected.mail.text).toContain('Reason: Worn');
    expect(returnUpdated({ ...order, return: { ...ret, status: 'refunded' } }, context)).toBeUndefined();
  });

  it('tells the shopper what an exchange sends and what its difference costs, at each step', () => {
    const order = anOrder();
    const exchange = {
      returnId: '2c7bb1d6-6f3c-4c1e-9a56-2c0d5b0b9a11',
      number: 2,
      kind: 'exchange' as const,
      status: 'requested' as const,
      reason: 'Too small',
      lines: [{ sku: 'SHIRT-M', title: 'Linen shirt', quantity: 1 }],
      charge: { amount: 500, currency: 'EUR' },
      replacement: { sku: 'SHIRT-L', title: 'Linen shirt – L', quantity: 1 },
    };
    const requested = returnUpdated({ ...order, return: exchange }, context)!;
    expect(requested.mail.subject).toBe(`Order ${order.orderNumber}: exchange 2 requested`);
    expect(requested.mail.text).toContain('You get 1 × Linen shirt – L instead.');
    expect(requested.mail.text).toContain(
      'The difference, €5.00, is charged to your card when the replacement ships.',
    );
    expect(requested.feed?.body).toBe(`Exchange 2 of order ${order.orderNumber}`);
    const done = returnUpdated({ ...order, return: { ...exchange, status: 'exchanged' } }, context)!;
    expect(done.feed?.title).toBe('Your replacement is on its way');
    expect(done.mail.text).toContain('We charged the difference, €5.00.');
    const cheaper = returnUpdated(
      {
        ...order,
        return: {
          ...exchange,
          status: 'received',
          charge: undefined,
          refund: { amount: 500, currency: 'EUR' },
        },
      },
      context,
    )!;
    expect(cheaper.mail.text).toContain('You will be refunded the difference, €5.00.');
  });

  it('alerts admins to low stock by e-mail and in their feed, pointing at the stock page', () => {
    const alert = lowStock(
      { sku: 'S-1', productId: 'p1', title: 'Board', available: 1, threshold: 3 },
      context,
    );
    expect(alert.mail.subject).toBe('Low stock: Board (S-1)');
    expect(alert.feed).toEqual({
      title: 'Low stock: Board',
      body: 'SKU S-1 has 1 left (threshold 3).',
      link: '/admin/stock',
    });
  });
});
