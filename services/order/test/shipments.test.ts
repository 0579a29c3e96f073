// Fulfilment in shipments against the order service in-process, a real payment service process
// and a product stand-in: shipments of some lines, racing shipments of the last units, the same
// Idempotency-Key sent together, bad input, cancel and refund of a partially fulfilled order, and
// deliveries by the admin and by a carrier's signed webhook, and a return received while the
// stock system is away. Every step is checked in the order, its timeline and the events the
// service published.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import { uniqueName, waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCarrierBody } from '../src/fulfilment/carrier-webhooks.js';
import { orderBooks } from './support/order-books.js';
import type { ProductStandIn } from './support/product-stand-in.js';
import { address, CARDS } from './support/shopper.js';
import { type InProcessStack, startInProcessStack } from './support/stack.js';

const CARRIER_SECRET = 'test-carrier-secret';

let stack: InProcessStack;
let products: ProductStandIn;
let orderDb: SqlDatabase;
let paymentDb: SqlDatabase;
let service: InProcessStack['service'];
let admin: Record<string, string>;
let published: Map<string, string[]>;

beforeAll(async () => {
  stack = await startInProcessStack({
    orderEnv: {
      REFUND_RECOVERY_INTERVAL_MS: '3600000',
      CARRIER_WEBHOOK_SECRETS: `acme-post=${CARRIER_SECRET}`,
    },
  });
  ({ products, orderDb, paymentDb, service, admin, published } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const { call, paymentOf } = orderBooks({
  app: () => service.app,
  products: () => products,
  orderDb: () => orderDb,
  paymentDb: () => paymentDb,
  admin: () => admin,
});

/** A confirmed guest order of these lines, its payment captured; its id and SKUs in order. */
async function capturedOrder(lines: { price: number; quantity: number }[]) {
  const skus = lines.map(() => uniqueName('SKU').toUpperCase());
  const cart = await call('POST', '/cart', {});
  for (const [i, line] of lines.entries()) {
    products.put({ sku: skus[i]!, title: `Mug ${i + 1}`, price: line.price, available: 50 });
    await call('POST', `/cart/${cart.body.cartId}/lines`, { sku: skus[i], quantity: line.quantity });
  }
  const placed = await call(
    'POST',
    '/orders',
    {
      cartId: cart.body.cartId,
      email: 'ada@example.com',
      shippingAddress: address,
      shippingMethod: 'standard',
      paymentToken: CARDS.success,
    },
    { 'idempotency-key': randomUUID() },
  );
  expect(placed.body.status).toBe('confirmed');
  const orderId = placed.body.orderId as string;
  await waitFor(async () => (await paymentOf(orderId))?.status === 'captured');
  return { orderId, skus, total: placed.body.totals.total.amount as number };
}

const ship = (orderId: string, body: object, key: string = randomUUID()) =>
  call('POST', `/admin/orders/${orderId}/shipments`, body, { ...admin, 'idempotency-key': key });

const shipmentsIn = async (orderId: string) =>
  (
    await orderDb.query<{ count: number }>(
      'select count(*)::int as count from order_shipments where order_id = $1',
      [orderId],
    )
  ).rows[0]!.count;

const shippedUnits = async (orderId: string) =>
  Number(
    (
      await orderDb.query<{ units: number }>(
        'select coalesce(sum(quantity), 0)::int as units from order_shipment_lines where order_id = $1',
        [orderId],
      )
    ).rows[0]!.units,
  );

async function carrierReport(carrier: string, body: object, secret = CARRIER_SECRET) {
  const text = JSON.stringify(body);
  const res = await service.app.inject({
    method: 'POST',
    url: `/webhooks/carriers/${carrier}`,
    headers: { 'content-type': 'application/json', 'x-carrier-signature': signCarrierBody(secret, text) },
    payload: text,
  });
  return { status: res.statusCode, body: res.json() };
}

describe('an order fulfilled in shipments', () => {
  it('ships three lines in two shipments and is delivered when both arrive', async () => {
    const { orderId, skus } = await capturedOrder([
      { price: 1000, quantity: 2 },
      { price: 1500, quantity: 1 },
      { price: 700, quantity: 1 },
    ]);
    const [a, b, c] = skus as [string, string, string];

    const first = await ship(orderId, {
      lines: [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ],
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      locationId: 'berlin-1',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'confirmed', fulfillmentStatus: 'partially_fulfilled' });
    expect(first.body.shipments).toHaveLength(1);
    expect(first.body.shipments[0]).toMatchObject({
      shipmentId: first.body.shipmentId,
      number: 1,
      status: 'shipped',
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      trackingUrl: expect.stringContaining('JD0001'),
      locationId: 'berlin-1',
    });
    expect(first.body.shipments[0].lines).toEqual(
      [
        { sku: a, title: 'Mug 1', quantity: 2 },
        { sku: b, title: 'Mug 2', quantity: 1 },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    );

    // A carrier the shop has no tracking link for ships without one.
    const second = await ship(orderId, {
      lines: [{ sku: c, quantity: 1 }],
      carrier: 'Acme Post',
      trackingNumber: 'AP-77',
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: 'shipped', fulfillmentStatus: 'fulfilled' });
    expect(second.body.shipments[1].trackingUrl).toBeUndefined();

    const delivered = await call(
      'POST',
      `/admin/orders/${orderId}/shipments/${first.body.shipmentId}/delivered`,
      undefined,
      admin,
    );
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('shipped');
    expect(delivered.body.shipments[0].status).toBe('delivered');

    const reported = await carrierReport('acme-post', { trackingNumber: 'AP-77', status: 'delivered' });
    expect(reported).toMatchObject({ status: 200, body: { outcome: 'delivered', shipments: 1 } });
    // Carriers resend: a second report changes nothing.
    expect((await carrierReport('acme-post', { trackingNumber: 'AP-77', status: 'delivered' })).status).toBe(
      200,
    );

    const seen = await call('GET', `/orders/${orderId}`);
    expect(seen.body.status).toBe('delivered');
    expect(seen.body.shipments.map((s: { status: string }) => s.status)).toEqual(['delivered', 'delivered']);
    expect(seen.body.timeline.map((t: { to: string; event?: string }) => t.event ?? t.to)).toEqual([
      'pending',
      'stock_reserved',
      'payment_authorized',
      'confirmed',
      'shipment_created',
      'shipment_created',
      'shipped',
      'shipment_delivered',
      'shipment_delivered',
      'delivered',
    ]);
    expect(seen.body.timeline.at(-2).actor).toBe('carrier:acmepost');
    await waitFor(() => (published.get(orderId) ?? []).includes('order.delivered'), 30_000);
    expect(published.get(orderId)!.filter((type) => /shipment|shipped|delivered/.test(type))).toEqual([
      'order.shipment_created',
      'order.shipment_created',
      'order.shipped',
      'order.shipment_delivered',
      'order.shipment_delivered',
      'order.delivered',
    ]);
  }, 60_000);

  it('ships the last unit once when two shipments of it race: one 201, one 409 naming the line', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 1200, quantity: 1 }]);
    const body = { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'UPS' };
    const answers = await Promise.all([ship(orderId, body), ship(orderId, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.type).toMatch(/quantity-exceeds-unshipped|invalid-order-transition/);
    if (refused.body.type.endsWith('quantity-exceeds-unshipped')) {
      expect(refused.body.lines).toEqual([{ sku: skus[0], requested: 1, unshipped: 0 }]);
      expect(refused.body.detail).toContain(skus[0]);
    }
    expect(await shippedUnits(orderId)).toBe(1);
  });

  it('never ships more than was ordered when six shipments of one unit race for three', async () => {
    const { orderId, skus } = await capturedOrder([
      { price: 900, quantity: 3 },
      { price: 400, quantity: 1 },
    ]);
    const body = { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'DPD' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => ship(orderId, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.lines).toEqual([{ sku: skus[0], requested: 1, unshipped: 0 }]);
    }
    expect(await shippedUnits(orderId)).toBe(3);
    const order = await call('GET', `/admin/orders/${orderId}`, undefined, admin);
    expect(order.body).toMatchObject({ status: 'confirmed', fulfillmentStatus: 'partially_fulfilled' });
    expect(order.body.shipments.map((s: { number: number }) => s.number)).toEqual([1, 2, 3]);
  });

  it('creates one shipment for one Idempotency-Key sent together and refuses the key with another body', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 800, quantity: 2 }]);
    const key = randomUUID();
    const body = { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'GLS', trackingNumber: 'G1' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => ship(orderId, body, key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.shipmentId)).size).toBe(1);
    expect(await shipmentsIn(orderId)).toBe(1);
    const reused = await ship(orderId, { ...body, trackingNumber: 'G2' }, key);
    expect(reused.status).toBe(422);
    expect(await shippedUnits(orderId)).toBe(1);
  });

  it('refuses over-shipping and bad input by name, changing nothing', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 600, quantity: 2 }]);
    const sku = skus[0]!;
    const over = await ship(orderId, { lines: [{ sku, quantity: 3 }], carrier: 'DHL' });
    expect(over.status).toBe(409);
    expect(over.body.lines).toEqual([{ sku, requested: 3, unshipped: 2 }]);

    const bad: [object, string][] = [
      [{ lines: [{ sku, quantity: 1 }] }, 'body.carrier'],
      [{ lines: [], carrier: 'DHL' }, 'body.lines'],
      [{ lines: [{ sku, quantity: 0 }], carrier: 'DHL' }, 'body.lines.0.quantity'],
      [{ lines: [{ sku: 'NOT-IN-ORDER', quantity: 1 }], carrier: 'DHL' }, 'body.lines.0.sku'],
      [
        {
          lines: [
            { sku, quantity: 1 },
            { sku, quantity: 1 },
          ],
          carrier: 'DHL',
        },
        'body.lines.1.sku',
      ],
      [
        { lines: [{ sku, quantity: 1 }], carrier: 'DHL', trackingNumber: 'has spaces' },
        'body.trackingNumber',
      ],
    ];
    for (const [body, field] of bad) {
      const res = await ship(orderId, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const noKey = await call(
      'POST',
      `/admin/orders/${orderId}/shipments`,
      { lines: [{ sku, quantity: 1 }], carrier: 'DHL' },
      admin,
    );
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('headers.idempotency-key');
    const unknownShipment = await call(
      'POST',
      `/admin/orders/${orderId}/shipments/${randomUUID()}/delivered`,
      undefined,
      admin,
    );
    expect(unknownShipment.status).toBe(404);
    expect(await shipmentsIn(orderId)).toBe(0);
  });
});

describe('a partially fulfilled order', () => {
  it('cannot be cancelled, is refunded in part, and ships the rest', async () => {
    const { orderId, skus } = await capturedOrder([
      { price: 2000, quantity: 1 },
      { price: 1000, quantity: 1 },
    ]);
    expect((await ship(orderId, { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'DHL' })).status).toBe(
      201,
    );
    const cancel = await call('POST', `/admin/orders/${orderId}/cancel`, { reason: 'changed mind' }, admin);
    expect(cancel.status).toBe(409);
    expect(cancel.body.type).toMatch(/order-partially-fulfilled$/);
    expect((await paymentOf(orderId))?.status).toBe('captured');

    const refund = await call(
      'POST',
      `/admin/orders/${orderId}/refund`,
      { amount: { amount: 1000, currency: 'EUR' }, reason: 'second mug out of stock' },
      admin,
    );
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'confirmed', refunded: { amount: 1000 } });
    const rest = await ship(orderId, { lines: [{ sku: skus[1], quantity: 1 }], carrier: 'DHL' });
    expect(rest.body).toMatchObject({ status: 'shipped', fulfillmentStatus: 'fulfilled' });
  });

  it('refuses further shipments once fully refunded', async () => {
    const { orderId, skus } = await capturedOrder([
      { price: 2000, quantity: 1 },
      { price: 1000, quantity: 1 },
    ]);
    await ship(orderId, { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'DHL' });
    const refund = await call('POST', `/admin/orders/${orderId}/refund`, { reason: 'lost parcel' }, admin);
    expect(refund.body.status).toBe('refunded');
    const late = await ship(orderId, { lines: [{ sku: skus[1], quantity: 1 }], carrier: 'DHL' });
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/invalid-order-transition$/);
  });

  it('ends a cancel and a shipment sent together in one consistent state', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 1300, quantity: 1 }]);
    const [cancel, shipped] = await Promise.all([
      call('POST', `/admin/orders/${orderId}/cancel`, { reason: 'fraud check' }, admin),
      ship(orderId, { lines: [{ sku: skus[0], quantity: 1 }], carrier: 'DHL' }),
    ]);
    // Exactly one of them goes through.
    expect([cancel.status, shipped.status]).toContainEqual(409);
    expect([cancel.status === 200, shipped.status === 201].filter(Boolean)).toHaveLength(1);
    const order = (await call('GET', `/admin/orders/${orderId}`, undefined, admin)).body;
    if (cancel.status === 200) {
      expect(order).toMatchObject({ status: 'cancelled', shipments: [] });
      expect((await paymentOf(orderId))?.status).toBe('refunded');
    } else {
      expect(order).toMatchObject({ status: 'shipped', fulfillmentStatus: 'fulfilled' });
      expect((await paymentOf(orderId))?.status).toBe('captured');
    }
  });
});

describe('the carrier webhook', () => {
  it('refuses forged, unknown and malformed reports without changing anything', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 500, quantity: 1 }]);
    await ship(orderId, {
      lines: [{ sku: skus[0], quantity: 1 }],
      carrier: 'Acme Post',
      trackingNumber: 'AP-99',
    });
    const report = { trackingNumber: 'AP-99', status: 'delivered' };
    expect((await carrierReport('acme-post', report, 'wrong-secret')).status).toBe(401);
    expect((await carrierReport('dhl', report)).status).toBe(404);
    const malformed = await carrierReport('acme-post', { trackingNumber: 'AP-99', status: 'teleported' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('body.status');
    expect((await carrierReport('acme-post', { trackingNumber: 'AP-00', status: 'delivered' })).status).toBe(
      404,
    );
    const scan = await carrierReport('acme-post', { trackingNumber: 'AP-99', status: 'in_transit' });
    expect(scan.body.outcome).toBe('ignored');
    expect((await call('GET', `/orders/${orderId}`)).body.status).toBe('shipped');
  });
});

describe('a return received while the stock system is away', () => {
  it('stays received, answers 503, and restocks once when the same receipt is repeated', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 2500, quantity: 2 }]);
    const sku = skus[0]!;
    const shipped = await ship(orderId, { lines: [{ sku, quantity: 2 }], carrier: 'DHL' });
    await call(
      'POST',
      `/admin/orders/${orderId}/shipments/${shipped.body.shipmentId}/delivered`,
      undefined,
      admin,
    );
    const requested = await call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku, quantity: 1 }], reason: 'Chipped' },
      { 'idempotency-key': randomUUID() },
    );
    expect(requested.status).toBe(201);
    const base = `/admin/orders/${orderId}/returns/${requested.body.returnId}`;
    await call('POST', `${base}/approve`, undefined, admin);
    const before = products.variant(sku)!.available;
    const receipt = { lines: [{ sku, restock: true, condition: 'as_new' }] };

    products.failReturns(true);
    const away = await call('POST', `${base}/receive`, receipt, admin);
    expect(away.status).toBe(503);
    expect(away.body.type).toMatch(/stock-unavailable$/);
    expect((await call('GET', `/orders/${orderId}`)).body.returns[0].status).toBe('received');
    expect(products.variant(sku)!.available).toBe(before);

    products.failReturns(false);
    const [again, twice] = await Promise.all([
      call('POST', `${base}/receive`, receipt, admin),
      call('POST', `${base}/receive`, receipt, admin),
    ]);
    expect([again.status, twice.status]).toEqual([200, 200]);
    expect(products.variant(sku)!.available).toBe(before + 1);
    const other = await call(
      'POST',
      `${base}/receive`,
      { lines: [{ sku, restock: false, condition: 'damaged' }] },
      admin,
    );
    expect(other.status).toBe(409);
    expect(other.body.type).toMatch(/return-already-received$/);
  });

  it('is restocked by the reconciliation worker, once, without the receipt being repeated', async () => {
    const { orderId, skus } = await capturedOrder([{ price: 1800, quantity: 1 }]);
    const sku = skus[0]!;
    const shipped = await ship(orderId, { lines: [{ sku, quantity: 1 }], carrier: 'DHL' });
    await call(
      'POST',
      `/admin/orders/${orderId}/shipments/${shipped.body.shipmentId}/delivered`,
      undefined,
      admin,
    );
    const requested = await call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku, quantity: 1 }], reason: 'Too small' },
      { 'idempotency-key': randomUUID() },
    );
    const base = `/admin/orders/${orderId}/returns/${requested.body.returnId}`;
    await call('POST', `${base}/approve`, undefined, admin);
    const before = products.variant(sku)!.available;
    // The receipt's own attempt holds the line for a while; these tests let that time pass at once.
    const leaseRunsOut = () =>
      orderDb.query(
        `update order_return_lines set restock_tried_at = now() - interval '1 hour' where order_id = $1`,
        [orderId],
      );

    products.failReturns(true);
    const receipt = { lines: [{ sku, restock: true, condition: 'as_new' }] };
    expect((await call('POST', `${base}/receive`, receipt, admin)).status).toBe(503);
    await leaseRunsOut();
    // Still away: the round leaves the line owed for the next one.
    expect((await service.reconciler.reconcile()).restocks).toBe(0);
    expect(products.variant(sku)!.available).toBe(before);

    products.failReturns(false);
    await leaseRunsOut();
    const rounds = await Promise.all([1, 2, 3].map(() => service.reconciler.reconcile()));
    expect(rounds.reduce((sum, round) => sum + round.restocks, 0)).toBe(1);
    expect(products.variant(sku)!.available).toBe(before + 1);
    await leaseRunsOut();
    expect((await service.reconciler.reconcile()).restocks).toBe(0);
    expect(products.variant(sku)!.available).toBe(before + 1);
  });
});
