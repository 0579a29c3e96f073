// Fulfilment and returns across the real product, payment and order services (each its own
// process): an order of three lines shipped in two parcels and delivered, then returned line by
// line. At every step the stock (product service), the money (order and payment books) and the
// order's timeline are checked; racing requests (Promise.all) apply once.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopper } from './support/shopper.js';
import { type Stack, startStack } from './support/stack.js';

let stack: Stack;
let guest: ReturnType<typeof shopper>;
let admin: ReturnType<typeof shopper>;

beforeAll(async () => {
  stack = await startStack();
  guest = shopper(stack.order.url);
  admin = shopper(stack.order.url, stack.adminToken);
}, 120_000);
afterAll(() => stack?.stop());

/** The order's refunded total, its succeeded refunds and the payment's refunded amount. */
async function money(orderId: string) {
  const order = (await admin.call('GET', `/admin/orders/${orderId}`)).body;
  const { rows } = await stack.orderDb.query<{ succeeded: number; pending: number }>(
    `select coalesce(sum(amount) filter (where status = 'succeeded'), 0)::int as succeeded,
            count(*) filter (where status = 'pending')::int as pending
     from order_refunds where order_id = $1`,
    [orderId],
  );
  const { rows: paid } = await stack.paymentDb.query<{ refunded_amount: number }>(
    'select refunded_amount from payments where order_id = $1',
    [orderId],
  );
  return {
    status: order.status as string,
    refunded: order.refunded.amount as number,
    succeeded: rows[0]!.succeeded,
    pending: rows[0]!.pending,
    paymentRefunded: Number(paid[0]?.refunded_amount ?? -1),
  };
}

const steps = (order: { timeline: { to: string; event?: string }[] }) =>
  order.timeline.map((t) => t.event ?? t.to);

/** A delivered guest order of one unit each of three products (10.00, 20.00, 15.00) shipped in two parcels. */
async function deliveredOrder() {
  const skus = await Promise.all(
    [1000, 2000, 1500].map((price, i) => stack.createProduct({ stock: 5, price, title: `Item ${i + 1}` })),
  );
  const cart = await guest.call('POST', '/cart', {});
  for (const sku of skus) await guest.call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity: 1 });
  const placed = await guest.checkout(guest.checkoutBody(cart.body.cartId));
  expect(placed.body.status).toBe('confirmed');
  const orderId = placed.body.orderId as string;
  for (const sku of skus) expect(await stack.available(sku)).toBe(4);
  await waitFor(async () => (await money(orderId)).paymentRefunded === 0);
  const [a, b, c] = skus as [string, string, string];
  const ship = (lines: string[], tracking: string) =>
    admin.call(
      'POST',
      `/admin/orders/${orderId}/shipments`,
      { lines: lines.map((sku) => ({ sku, quantity: 1 })), carrier: 'DHL', trackingNumber: tracking },
      { 'idempotency-key': randomUUID() },
    );
  const first = await ship([a, b], 'JD1');
  expect(first.body.fulfillmentStatus).toBe('partially_fulfilled');
  const second = await ship([c], 'JD2');
  expect(second.body).toMatchObject({ status: 'shipped', fulfillmentStatus: 'fulfilled' });
  for (const shipmentId of [first.body.shipmentId, second.body.shipmentId]) {
    await admin.call('POST', `/admin/orders/${orderId}/shipments/${shipmentId}/delivered`, {});
  }
  const delivered = (await guest.order(orderId)).body;
  expect(delivered.status).toBe('delivered');
  return { orderId, skus: { a, b, c }, total: placed.body.totals.total.amount as number };
}

const requestReturn = (orderId: string, lines: { sku: string; quantity: number }[], key = randomUUID()) =>
  guest.call(
    'POST',
    `/orders/${orderId}/returns`,
    { lines, reason: 'Does not fit' },
    { 'idempotency-key': key },
  );

const step = (orderId: string, returnId: string, action: string, body: unknown = {}) =>
  admin.call('POST', `/admin/orders/${orderId}/returns/${returnId}/${action}`, body);

describe('an order shipped in two parcels and returned', () => {
  it('refunds a returned line with its tax share, restocks it, and keeps money and timeline right', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    // 45.00 + 4.95 shipping; German prices include their 19 % VAT.
    expect(total).toBe(4995);

    const requested = await requestReturn(orderId, [{ sku: skus.b, quantity: 1 }]);
    expect(requested.status).toBe(201);
    const returnId = requested.body.returnId as string;
    expect(requested.body.returns).toEqual([
      expect.objectContaining({ returnId, number: 1, status: 'requested', refundShipping: false }),
    ]);
    expect((await step(orderId, returnId, 'approve')).body.returns[0].status).toBe('approved');

    const receipt = { lines: [{ sku: skus.b, restock: true, condition: 'as_new' }] };
    const received = await Promise.all([
      step(orderId, returnId, 'receive', receipt),
      step(orderId, returnId, 'receive', receipt),
    ]);
    expect(received.map((r) => r.status)).toEqual([200, 200]);
    // 20.00, its VAT included: nothing was added on top.
    expect(received[0]!.body.returns[0]).toMatchObject({ status: 'received', refund: { amount: 2000 } });
    expect(await stack.available(skus.b)).toBe(5);
    expect(await stack.available(skus.a)).toBe(4);

    const refunds = await Promise.all([1, 2, 3].map(() => step(orderId, returnId, 'refund')));
    expect(refunds.some((r) => r.status === 200)).toBe(true);
    for (const r of refunds.filter((answer) => answer.status !== 200)) {
      expect(r.body.type).toMatch(/refund-in-progress$/);
    }
    await waitFor(async () => (await step(orderId, returnId, 'refund')).status === 200);
    expect(await money(orderId)).toEqual({
      status: 'delivered',
      refunded: 2000,
      succeeded: 2000,
      pending: 0,
      paymentRefunded: 2000,
    });
    const order = (await guest.order(orderId)).body;
    expect(order.returns[0].status).toBe('refunded');
    expect(steps(order)).toEqual([
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
    ]);
  }, 90_000);

  it('refunds exactly the total when every line comes back in parts, shipping with one of them', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    const owed: number[] = [];
    for (const [sku, refundShipping] of [
      [skus.b, false],
      [skus.a, true],
      [skus.c, false],
    ] as const) {
      const requested = await requestReturn(orderId, [{ sku, quantity: 1 }]);
      const returnId = requested.body.returnId as string;
      await step(orderId, returnId, 'approve');
      const received = await step(orderId, returnId, 'receive', {
        lines: [{ sku, restock: false, condition: 'damaged' }],
        refundShipping,
      });
      owed.push(received.body.returns.at(-1).refund.amount);
      expect((await step(orderId, returnId, 'refund')).status).toBe(200);
    }
    // 20.00; 10.00 + 4.95 shipping; 15.00 (VAT included in each).
    expect(owed).toEqual([2000, 1495, 1500]);
    expect(owed.reduce((sum, amount) => sum + amount, 0)).toBe(total);
    expect(await money(orderId)).toEqual({
      status: 'refunded',
      refunded: total,
      succeeded: total,
      pending: 0,
      paymentRefunded: total,
    });
    // Not put back into stock: damaged.
    for (const sku of Object.values(skus)) expect(await stack.available(sku)).toBe(4);
  }, 90_000);

  it('returns the last unit of a line once when two requests for it race', async () => {
    const { orderId, skus } = await deliveredOrder();
    const answers = await Promise.all([
      requestReturn(orderId, [{ sku: skus.c, quantity: 1 }]),
      requestReturn(orderId, [{ sku: skus.c, quantity: 1 }]),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.type).toMatch(/quantity-exceeds-returnable$/);
    expect(refused.body.lines).toEqual([{ sku: skus.c, requested: 1, returnable: 0 }]);

    // The same key sent together: one return.
    const key = randomUUID();
    const same = await Promise.all(
      [1, 2, 3].map(() => requestReturn(orderId, [{ sku: skus.a, quantity: 1 }], key)),
    );
    expect(same.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect((await guest.order(orderId)).body.returns).toHaveLength(2);
  }, 90_000);

  it('refuses returns out of the window, of undelivered orders and of bad lines, changing nothing', async () => {
    const { orderId, skus } = await deliveredOrder();
    const bad: [object, string][] = [
      [{ lines: [{ sku: 'NOT-IN-ORDER', quantity: 1 }], reason: 'x' }, 'body.lines.0.sku'],
      [{ lines: [{ sku: skus.a, quantity: 0 }], reason: 'x' }, 'body.lines.0.quantity'],
      [{ lines: [{ sku: skus.a, quantity: 1 }] }, 'body.reason'],
      [{ lines: [], reason: 'x' }, 'body.lines'],
    ];
    for (const [body, field] of bad) {
      const res = await guest.call('POST', `/orders/${orderId}/returns`, body, {
        'idempotency-key': randomUUID(),
      });
      expect(res.status, field).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const tooMany = await requestReturn(orderId, [{ sku: skus.a, quantity: 2 }]);
    expect(tooMany.status).toBe(409);

    await stack.orderDb.query(
      `update order_shipments set delivered_at = now() - interval '31 days' where order_id = $1`,
      [orderId],
    );
    const late = await requestReturn(orderId, [{ sku: skus.a, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/return-window-closed$/);
    expect((await guest.order(orderId)).body.returns).toEqual([]);

    const cartId = await guest.cartWith(skus.a, 1);
    const undelivered = await guest.checkout(guest.checkoutBody(cartId));
    const early = await requestReturn(undelivered.body.orderId, [{ sku: skus.a, quantity: 1 }]);
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/order-not-delivered$/);
  }, 90_000);

  it("never refunds more than the total when a return's refund races an admin's refund of the rest", async () => {
    const { orderId, skus, total } = await deliveredOrder();
    const { returnId } = (await requestReturn(orderId, [{ sku: skus.b, quantity: 1 }])).body;
    await step(orderId, returnId, 'approve');
    const receipt = { lines: [{ sku: skus.b, restock: false, condition: 'opened' }] };
    const wrongSku = await step(orderId, returnId, 'receive', {
      lines: [{ sku: skus.a, restock: false, condition: 'opened' }],
    });
    expect(wrongSku.status).toBe(400);
    expect(wrongSku.body.errors[0].field).toBe('body.lines.0.sku');
    expect((await step(orderId, returnId, 'receive', receipt)).status).toBe(200);
    // The admin refunds everything that remains while the return's refund is being made.
    const [returned, rest] = await Promise.all([
      step(orderId, returnId, 'refund'),
      admin.call('POST', `/admin/orders/${orderId}/refund`, { reason: 'Goodwill' }),
    ]);
    expect([returned.status, rest.status]).toContain(200);
    await waitFor(async () => (await money(orderId)).pending === 0);
    const books = await money(orderId);
    expect(books.refunded).toBeLessThanOrEqual(total);
    expect(books).toMatchObject({ succeeded: books.refunded, paymentRefunded: books.refunded });
    // Whichever came first, the other was refused or took only what was left.
    if (returned.status === 200) expect(books.refunded).toBe(rest.status === 200 ? total : 2000);
  }, 90_000);

  it('lets the shop reject a request, and refuses to receive or refund it after', async () => {
    const { orderId, skus } = await deliveredOrder();
    const { returnId } = (await requestReturn(orderId, [{ sku: skus.a, quantity: 1 }])).body;
    const rejected = await step(orderId, returnId, 'reject', { reason: 'Worn' });
    expect(rejected.body.returns[0]).toMatchObject({ status: 'rejected', rejectionReason: 'Worn' });
    const receive = await step(orderId, returnId, 'receive', {
      lines: [{ sku: skus.a, restock: true, condition: 'opened' }],
    });
    expect(receive.status).toBe(409);
    expect(receive.body.type).toMatch(/invalid-return-transition$/);
    expect((await step(orderId, returnId, 'refund')).status).toBe(409);
    expect(await money(orderId)).toMatchObject({ refunded: 0, paymentRefunded: 0 });
    // The rejected units may be asked for again.
    expect((await requestReturn(orderId, [{ sku: skus.a, quantity: 1 }])).status).toBe(201);
  }, 90_000);
});
