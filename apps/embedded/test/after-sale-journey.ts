// The after-sale journey through the gateway, scripted: a shopper orders three lines, the shop
// ships two in one parcel and one in another, the shopper returns one line for a refund and
// exchanges another for a dearer size. After every step the stock of each SKU, the money (what
// the payments captured less what they refunded is what the order keeps: its total, plus the
// exchange's difference, less its refunds) and the order's timeline are checked. Used against the
// embedded platform and against the distributed one.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Api } from './shopper-flow.js';

const money = (amount: number) => ({ amount, currency: 'USD' });

/** The demo catalog prices in USD: the US region sells in it (and adds its sales tax). */
const US_ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Market Street',
  city: 'San Francisco',
  postalCode: '94105',
  region: 'CA',
  country: 'US',
};

interface OrderView {
  status: string;
  totals: { total: { amount: number } };
  refunded: { amount: number };
  fulfillmentStatus: string;
  shipments: { shipmentId: string; lines: { sku: string; quantity: number }[] }[];
  returns: {
    returnId: string;
    kind: string;
    status: string;
    refund?: { amount: number };
    charge?: { amount: number };
    replacement?: { sku: string; shipmentId?: string };
  }[];
  timeline: { to: string; event?: string }[];
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time: ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

export async function afterSaleJourney(api: Api, adminLogin: { email: string; password: string }) {
  const adminToken = (await api.call<{ accessToken: string }>('POST', '/auth/login', adminLogin)).body
    .accessToken;
  const asAdmin = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    api.call<T>(method, path, body, adminToken, { 'idempotency-key': randomUUID() });

  // The shop's catalog for this journey: a mug, a lamp, and a shirt in three sizes.
  const run = randomUUID().slice(0, 8);
  const category = await asAdmin('PUT', `/admin/categories/journey-${run}`, { name: `Journey ${run}` });
  expect(category.status).toBeLessThan(300);
  const create = async (title: string, variants: { suffix: string; title: string; price: number }[]) => {
    const slug = `${title.toLowerCase()}-${run}`;
    const created = await asAdmin('POST', '/admin/products', {
      slug,
      title,
      brand: 'Emporium',
      category: `journey-${run}`,
      status: 'active',
      variants: variants.map((v) => ({
        sku: `${slug}-${v.suffix}`.toUpperCase(),
        title: v.title,
        prices: [money(v.price)],
        stock: 5,
      })),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return variants.map((v) => `${slug}-${v.suffix}`.toUpperCase());
  };
  const [mug] = await create('Mug', [{ suffix: 'one', title: 'One size', price: 1000 }]);
  const [lamp] = await create('Lamp', [{ suffix: 'one', title: 'One size', price: 3000 }]);
  const [, shirtM, shirtL] = await create('Shirt', [
    { suffix: 's', title: 'S', price: 1500 },
    { suffix: 'm', title: 'M', price: 2000 },
    { suffix: 'l', title: 'L', price: 2500 },
  ]);
  const skus = { mug: mug!, lamp: lamp!, shirtM: shirtM!, shirtL: shirtL! };

  const stock = async () => {
    const entries = await Promise.all(
      Object.entries(skus).map(async ([name, sku]) => {
        const level = await asAdmin<{ level: { available: number } }>('GET', `/admin/stock/${sku}/locations`);
        return [name, level.body.level.available] as const;
      }),
    );
    return Object.fromEntries(entries);
  };

  // The shopper orders one of each of three lines.
  const email = `after-sale-${run}@example.com`;
  const registered = await api.call<{ accessToken: string }>('POST', '/auth/register', {
    email,
    password: 'lantern harbour violet 42',
  });
  expect(registered.status).toBe(201);
  const token = registered.body.accessToken;
  const cart = await api.call<{ cartId: string }>('POST', '/cart', {}, token);
  for (const sku of [skus.mug, skus.shirtM, skus.lamp]) {
    expect(
      (await api.call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity: 1 }, token)).status,
    ).toBe(200);
  }
  const placed = await api.call<{ orderId: string }>(
    'POST',
    '/orders',
    {
      cartId: cart.body.cartId,
      email,
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
      shippingAddress: US_ADDRESS,
    },
    token,
    { 'idempotency-key': randomUUID() },
  );
  expect(placed.status).toBeLessThan(300);
  const orderId = placed.body.orderId;
  const order = async () =>
    (await api.call<OrderView>('GET', `/orders/${orderId}`, undefined, token)).body as OrderView;
  /** What the payments kept and what the order says it should keep. */
  const books = async () => {
    const [view, paid] = await Promise.all([
      order(),
      asAdmin<{ payments: { status: string; amount: { amount: number }; refunded: { amount: number } }[] }>(
        'GET',
        `/admin/payments?orderId=${orderId}`,
      ),
    ]);
    const kept = paid.body.payments
      .filter((p) => ['captured', 'partially_refunded', 'refunded'].includes(p.status))
      .reduce((sum, p) => sum + p.amount.amount - p.refunded.amount, 0);
    const charged = view.returns
      .filter((r) => r.status === 'exchanged')
      .reduce((sum, r) => sum + (r.charge?.amount ?? 0), 0);
    return {
      kept,
      owed: view.totals.total.amount + charged - view.refunded.amount,
      refunded: view.refunded.amount,
    };
  };
  const confirmed = await until(order, (o) => o.status === 'confirmed', 'order confirmation');
  const total = confirmed.totals.total.amount;
  expect(await stock()).toEqual({ mug: 4, lamp: 4, shirtM: 4, shirtL: 5 });
  const settled = await until(books, (b) => b.kept === total, 'the capture');
  expect(settled).toEqual({ kept: total, owed: total, refunded: 0 });

  // Two parcels: the mug and the shirt together, the lamp alone; both delivered.
  const ship = (lines: string[], tracking: string) =>
    asAdmin<{ shipmentId: string; fulfillmentStatus: string }>('POST', `/admin/orders/${orderId}/shipments`, {
      lines: lines.map((sku) => ({ sku, quantity: 1 })),
      carrier: 'UPS',
      trackingNumber: tracking,
    });
  const first = await ship([skus.mug, skus.shirtM], `J1-${run}`);
  expect(first.body.fulfillmentStatus).toBe('partially_fulfilled');
  const second = await ship([skus.lamp], `J2-${run}`);
  expect(second.body.fulfillmentStatus).toBe('fulfilled');
  for (const shipment of [first.body.shipmentId, second.body.shipmentId]) {
    expect((await asAdmin('POST', `/admin/orders/${orderId}/shipments/${shipment}/delivered`)).status).toBe(
      200,
    );
  }
  expect((await order()).status).toBe('delivered');

  // The mug comes back for a refund of its price and its share of the sales tax.
  const returned = await api.call<{ returnId: string }>(
    'POST',
    `/orders/${orderId}/returns`,
    { lines: [{ sku: skus.mug, quantity: 1 }], reason: 'Chipped' },
    token,
    { 'idempotency-key': randomUUID() },
  );
  expect(returned.status).toBe(201);
  const returnStep = (action: string, body: unknown = {}) =>
    asAdmin<OrderView>('POST', `/admin/orders/${orderId}/returns/${returned.body.returnId}/${action}`, body);
  expect((await returnStep('approve')).status).toBe(200);
  const received = await returnStep('receive', {
    lines: [{ sku: skus.mug, restock: true, condition: 'as_new' }],
  });
  expect(received.status).toBe(200);
  const owed = received.body.returns[0]!.refund!.amount;
  expect(owed).toBeGreaterThanOrEqual(1000);
  expect(await stock()).toEqual({ mug: 5, lamp: 4, shirtM: 4, shirtL: 5 });
  expect((await returnStep('refund')).status).toBe(200);
  expect(await until(books, (b) => b.kept === total - owed, 'the refund')).toEqual({
    kept: total - owed,
    owed: total - owed,
    refunded: owed,
  });

  // The shirt in M goes back for an L: the difference (with its tax) is charged when the L ships.
  const exchanged = await api.call<{ returnId: string } & OrderView>(
    'POST',
    `/orders/${orderId}/exchanges`,
    {
      sku: skus.shirtM,
      quantity: 1,
      replacementSku: skus.shirtL,
      reason: 'Too small',
      paymentToken: '4242424242424242',
    },
    token,
    { 'idempotency-key': randomUUID() },
  );
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(201);
  const difference = exchanged.body.returns[1]!.charge!.amount;
  expect(difference).toBeGreaterThanOrEqual(500);
  const exchangeStep = (action: string, body: unknown = {}) =>
    asAdmin<OrderView>('POST', `/admin/orders/${orderId}/returns/${exchanged.body.returnId}/${action}`, body);
  const approvals = await Promise.all([exchangeStep('approve'), exchangeStep('approve')]);
  expect(approvals.map((a) => a.status)).toEqual([200, 200]);
  expect(await stock()).toEqual({ mug: 5, lamp: 4, shirtM: 4, shirtL: 4 });
  const completed = await exchangeStep('receive', {
    lines: [{ sku: skus.shirtM, restock: true, condition: 'as_new' }],
    replacementShipment: { carrier: 'UPS', trackingNumber: `J3-${run}` },
  });
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  expect(completed.body.returns[1]).toMatchObject({ status: 'exchanged', replacement: { sku: skus.shirtL } });
  expect(await stock()).toEqual({ mug: 5, lamp: 4, shirtM: 5, shirtL: 4 });
  expect(await until(books, (b) => b.kept === total - owed + difference, 'the difference')).toEqual({
    kept: total - owed + difference,
    owed: total - owed + difference,
    refunded: owed,
  });

  const final = await order();
  expect(final).toMatchObject({ status: 'delivered', fulfillmentStatus: 'fulfilled' });
  expect(final.shipments).toHaveLength(3);
  expect(final.timeline.map((t) => t.event ?? t.to)).toEqual([
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
    'return_requested',
    'return_approved',
    'return_received',
    'return_refunded',
    'exchange_requested',
    'exchange_approved',
    'exchange_received',
    'shipment_created',
    'exchange_completed',
  ]);
}
