// Exchanges across the real product, payment, pricing and order services (each its own process):
// a delivered size sent back for another size of the same product, dearer (the difference
// authorized at the request and captured when the replacement ships) or cheaper (the difference
// refunded). At every step the stock per SKU, the money (captured − refunded = what the order
// keeps) and the order's timeline are checked; approvals and receipts sent together apply once.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, shopper } from './support/shopper.js';
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

/** What the payments of an order captured and refunded, and how many captured. */
async function payments(orderId: string) {
  const { rows } = await stack.paymentDb.query<{ captured: number; refunded: number; count: number }>(
    `select coalesce(sum(amount) filter (where status in ('captured', 'partially_refunded', 'refunded')), 0)::int
              as captured,
            coalesce(sum(refunded_amount), 0)::int as refunded,
            count(*) filter (where status in ('captured', 'partially_refunded', 'refunded'))::int as count
     from payments where order_id = $1`,
    [orderId],
  );
  return rows[0]!;
}

/** The payment that captured an exchange's difference. */
async function chargePaymentOf(exchangeId: string): Promise<string> {
  const { rows } = await stack.orderDb.query<{ id: string }>(
    'select charge_payment_id as id from order_returns where id = $1',
    [exchangeId],
  );
  return rows[0]!.id;
}

const steps = (order: { timeline: { to: string; event?: string }[] }) =>
  order.timeline.map((t) => t.event ?? t.to);

/** A delivered guest order of one unit of size M of a product sold in S (15.00), M (20.00) and L (25.00). */
async function deliveredOrder(stock = { s: 5, m: 5, l: 5 }) {
  const [s, m, l] = (await stack.createVariants('Linen shirt', [
    { title: 'S', price: 1500, stock: stock.s },
    { title: 'M', price: 2000, stock: stock.m },
    { title: 'L', price: 2500, stock: stock.l },
  ])) as [string, string, string];
  const cartId = await guest.cartWith(m, 1);
  const placed = await guest.checkout(guest.checkoutBody(cartId));
  expect(placed.body.status).toBe('confirmed');
  const orderId = placed.body.orderId as string;
  await waitFor(async () => (await payments(orderId)).count === 1);
  const shipped = await admin.call(
    'POST',
    `/admin/orders/${orderId}/shipments`,
    { lines: [{ sku: m, quantity: 1 }], carrier: 'DHL', trackingNumber: 'EX1' },
    { 'idempotency-key': randomUUID() },
  );
  await admin.call('POST', `/admin/orders/${orderId}/shipments/${shipped.body.shipmentId}/delivered`, {});
  expect((await guest.order(orderId)).body.status).toBe('delivered');
  return { orderId, skus: { s, m, l }, total: placed.body.totals.total.amount as number };
}

const requestExchange = (orderId: string, body: object, key = randomUUID()) =>
  guest.call(
    'POST',
    `/orders/${orderId}/exchanges`,
    { quantity: 1, reason: 'Wrong size', ...body },
    {
      'idempotency-key': key,
    },
  );

const step = (orderId: string, returnId: string, action: string, body: unknown = {}) =>
  admin.call('POST', `/admin/orders/${orderId}/returns/${returnId}/${action}`, body);

async function stockOf(skus: Record<string, string>) {
  const entries = await Promise.all(
    Object.entries(skus).map(async ([size, sku]) => [size, await stack.available(sku)] as const),
  );
  return Object.fromEntries(entries);
}

describe('an exchange of a delivered size', () => {
  it('for a dearer size: charges the difference once, ships the replacement, restocks the return', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    expect(await stockOf(skus)).toEqual({ s: 5, m: 4, l: 5 });

    const key = randomUUID();
    const body = { sku: skus.m, replacementSku: skus.l, paymentToken: CARDS.success };
    const requested = await Promise.all([
      requestExchange(orderId, body, key),
      requestExchange(orderId, body, key),
    ]);
    expect(requested.map((r) => r.status).sort()).toEqual([200, 201]);
    const returnId = requested[0]!.body.returnId as string;
    expect(requested[1]!.body.returnId).toBe(returnId);
    // German prices include their VAT: the difference is the price difference.
    expect(requested[0]!.body.returns).toEqual([
      expect.objectContaining({
        returnId,
        kind: 'exchange',
        status: 'requested',
        charge: { amount: 500, currency: 'EUR' },
        replacement: expect.objectContaining({ sku: skus.l, quantity: 1 }),
      }),
    ]);
    // Authorized, not yet taken.
    expect(await payments(orderId)).toEqual({ captured: total, refunded: 0, count: 1 });

    const approvals = await Promise.all([
      step(orderId, returnId, 'approve'),
      step(orderId, returnId, 'approve'),
    ]);
    expect(approvals.map((r) => r.status)).toEqual([200, 200]);
    // The replacement is held once; nothing came back yet.
    expect(await stockOf(skus)).toEqual({ s: 5, m: 4, l: 4 });

    const receipt = {
      lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
      replacementShipment: { carrier: 'DHL', trackingNumber: 'EX2' },
    };
    const receipts = await Promise.all([
      step(orderId, returnId, 'receive', receipt),
      step(orderId, returnId, 'receive', receipt),
    ]);
    expect(receipts.map((r) => r.status)).toEqual([200, 200]);
    const order = (await guest.order(orderId)).body;
    expect(order.returns[0]).toMatchObject({ status: 'exchanged', charge: { amount: 500 } });
    const replacement = order.shipments.find(
      (s: { shipmentId: string }) => s.shipmentId === order.returns[0].replacement.shipmentId,
    );
    expect(replacement).toMatchObject({
      carrier: 'DHL',
      trackingNumber: 'EX2',
      lines: [{ sku: skus.l, quantity: 1 }],
    });
    expect(order.shipments).toHaveLength(2);
    expect(order.fulfillmentStatus).toBe('fulfilled');
    // M came back into stock; L was sold once.
    expect(await stockOf(skus)).toEqual({ s: 5, m: 5, l: 4 });
    // Captured − refunded = the order's total plus the difference.
    expect(await payments(orderId)).toEqual({ captured: total + 500, refunded: 0, count: 2 });
    expect(steps(order).slice(-6)).toEqual([
      'delivered',
      'exchange_requested',
      'exchange_approved',
      'exchange_received',
      'shipment_created',
      'exchange_completed',
    ]);

    // The replacement's parcel arrives; the order stays delivered.
    const arrived = await admin.call(
      'POST',
      `/admin/orders/${orderId}/shipments/${replacement.shipmentId}/delivered`,
      {},
    );
    expect(arrived.body).toMatchObject({ status: 'delivered', fulfillmentStatus: 'fulfilled' });
  }, 90_000);

  it('for a cheaper size: refunds the difference once when two receipts race', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    const requested = await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s });
    expect(requested.status).toBe(201);
    const returnId = requested.body.returnId as string;
    expect(requested.body.returns[0].charge).toBeUndefined();
    expect((await step(orderId, returnId, 'approve')).status).toBe(200);
    // The same receipt sent twice at once: one refund, and both see the finished exchange.
    const receipt = { lines: [{ sku: skus.m, restock: false, condition: 'damaged' }] };
    const receipts = await Promise.all([
      step(orderId, returnId, 'receive', receipt),
      step(orderId, returnId, 'receive', receipt),
    ]);
    expect(receipts.map((r) => r.status)).toEqual([200, 200]);
    for (const received of receipts) {
      expect(received.body.returns[0]).toMatchObject({ status: 'exchanged', refund: { amount: 500 } });
      expect(received.body.refunded.amount).toBe(500);
    }
    // Damaged: M stays out of stock; S was sold.
    expect(await stockOf(skus)).toEqual({ s: 4, m: 4, l: 5 });
    expect(await payments(orderId)).toEqual({ captured: total, refunded: 500, count: 1 });
    // An exchange is settled when received; it has no refund step of its own.
    const refund = await step(orderId, returnId, 'refund');
    expect(refund.status).toBe(409);
    expect(refund.body.type).toMatch(/invalid-return-transition$/);
  }, 90_000);

  it('offers the other sizes with the difference an exchange would settle', async () => {
    const { orderId, skus } = await deliveredOrder();
    const options = await guest.call('GET', `/orders/${orderId}/exchange-options`);
    expect(options.status).toBe(200);
    expect(options.body.lines).toEqual([
      {
        sku: skus.m,
        returnable: 1,
        replacements: [
          expect.objectContaining({
            sku: skus.s,
            difference: { amount: -500, currency: 'EUR' },
            available: 5,
          }),
          expect.objectContaining({
            sku: skus.l,
            difference: { amount: 500, currency: 'EUR' },
            available: 5,
          }),
        ],
      },
    ]);
    // Once the unit is claimed by an exchange, nothing is left to offer.
    await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s });
    expect((await guest.call('GET', `/orders/${orderId}/exchange-options`)).body.lines).toEqual([]);
    const unknown = await guest.call('GET', `/orders/${randomUUID()}/exchange-options`);
    expect(unknown.status).toBe(404);
  }, 90_000);

  it('refuses bad requests by field and a declined difference, changing nothing', async () => {
    const { orderId, skus } = await deliveredOrder();
    const other = await stack.createProduct({ stock: 3, price: 2000 });
    const bad: [object, string][] = [
      [{ sku: skus.m, replacementSku: other }, 'body.replacementSku'],
      [{ sku: skus.m, replacementSku: skus.m }, 'body.replacementSku'],
      [{ sku: skus.s, replacementSku: skus.l }, 'body.sku'],
      [{ sku: skus.m, replacementSku: skus.l }, 'body.paymentToken'],
      [{ sku: skus.m, replacementSku: skus.l, quantity: 0 }, 'body.quantity'],
      [{ sku: skus.m }, 'body.replacementSku'],
    ];
    for (const [body, field] of bad) {
      const res = await requestExchange(orderId, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const declined = await requestExchange(orderId, {
      sku: skus.m,
      replacementSku: skus.l,
      paymentToken: CARDS.declined,
    });
    expect(declined.status).toBe(402);
    expect(declined.body.type).toMatch(/payment-declined$/);
    const tooMany = await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s, quantity: 2 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.type).toMatch(/quantity-exceeds-returnable$/);
    expect((await guest.order(orderId)).body.returns).toEqual([]);
  }, 90_000);

  it('answers 409 when the replacement is sold out, and gives the hold back when rejected', async () => {
    const { orderId, skus } = await deliveredOrder({ s: 0, m: 5, l: 1 });
    const soldOut = await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s });
    const refused = await step(orderId, soldOut.body.returnId, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/replacement-out-of-stock$/);
    expect((await guest.order(orderId)).body.returns[0].status).toBe('requested');
    await step(orderId, soldOut.body.returnId, 'reject', { reason: 'No S left' });

    const dearer = await requestExchange(orderId, {
      sku: skus.m,
      replacementSku: skus.l,
      paymentToken: CARDS.success,
    });
    expect(dearer.status).toBe(201);
    await step(orderId, dearer.body.returnId, 'approve');
    expect(await stack.available(skus.l)).toBe(0);
    const rejected = await step(orderId, dearer.body.returnId, 'reject', { reason: 'Worn' });
    expect(rejected.body.returns[1]).toMatchObject({ status: 'rejected', rejectionReason: 'Worn' });
    expect(await stack.available(skus.l)).toBe(1);
    // The authorized difference was voided: nothing beyond the order was taken.
    const { rows } = await stack.paymentDb.query<{ status: string }>(
      'select status from payments where order_id = $1 order by created_at',
      [orderId],
    );
    expect(rows.map((r) => r.status)).toEqual(['captured', 'voided']);
    expect(steps((await guest.order(orderId)).body)).toContain('exchange_rejected');
  }, 90_000);

  it('lets the replacement itself be returned once delivered, within a window from its delivery', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    const exchange = await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s });
    const exchangeId = exchange.body.returnId as string;
    await step(orderId, exchangeId, 'approve');
    const exchanged = await step(orderId, exchangeId, 'receive', {
      lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
    });
    expect(exchanged.body.returns[0]).toMatchObject({ status: 'exchanged', refund: { amount: 500 } });
    const replacementId = exchanged.body.returns[0].replacement.shipmentId as string;

    const returnS = (key = randomUUID()) =>
      guest.call(
        'POST',
        `/orders/${orderId}/returns`,
        { lines: [{ sku: skus.s, quantity: 1 }], reason: 'Does not fit either' },
        { 'idempotency-key': key },
      );
    // Not delivered yet: nothing of it can be sent back.
    const early = await returnS();
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/quantity-exceeds-returnable$/);
    await admin.call('POST', `/admin/orders/${orderId}/shipments/${replacementId}/delivered`, {});

    // The order's own window closed long ago; the replacement's runs from its own delivery.
    await stack.orderDb.query(
      `update order_shipments set delivered_at = now() - interval '31 days' where order_id = $1 and exchange_id is null`,
      [orderId],
    );
    const late = await guest.call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku: skus.m, quantity: 1 }], reason: 'Changed my mind' },
      { 'idempotency-key': randomUUID() },
    );
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/return-window-closed$/);

    const key = randomUUID();
    const requested = await Promise.all([returnS(key), returnS(key)]);
    expect(requested.map((r) => r.status).sort()).toEqual([200, 201]);
    const returnId = requested[0]!.body.returnId as string;
    // Only one S was delivered: a second return of it is refused.
    const again = await returnS();
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/quantity-exceeds-returnable$/);

    await step(orderId, returnId, 'approve');
    await step(orderId, returnId, 'receive', {
      lines: [{ sku: skus.s, restock: true, condition: 'as_new' }],
    });
    const refunded = await step(orderId, returnId, 'refund');
    expect(refunded.status).toBe(200);
    // S was kept for 15.00 after 5.00 came back: returning it refunds those 15.00, no more.
    expect(refunded.body.returns[1]).toMatchObject({ status: 'refunded', refund: { amount: 1500 } });
    expect(refunded.body.refunded.amount).toBe(2000);
    expect(await payments(orderId)).toEqual({ captured: total, refunded: 2000, count: 1 });
    expect(await stockOf(skus)).toEqual({ s: 5, m: 5, l: 5 });
  }, 90_000);

  it('refunds a returned dearer replacement what was paid for it, the difference from its own payment', async () => {
    const { orderId, skus, total } = await deliveredOrder();
    const exchange = await requestExchange(orderId, {
      sku: skus.m,
      replacementSku: skus.l,
      paymentToken: CARDS.success,
    });
    const exchangeId = exchange.body.returnId as string;
    await step(orderId, exchangeId, 'approve');
    const exchanged = await step(orderId, exchangeId, 'receive', {
      lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
    });
    expect(exchanged.body.returns[0]).toMatchObject({ status: 'exchanged', charge: { amount: 500 } });
    const replacementId = exchanged.body.returns[0].replacement.shipmentId as string;
    await admin.call('POST', `/admin/orders/${orderId}/shipments/${replacementId}/delivered`, {});
    expect(await payments(orderId)).toEqual({ captured: total + 500, refunded: 0, count: 2 });

    const returned = await guest.call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku: skus.l, quantity: 1 }], reason: 'Too large after all' },
      { 'idempotency-key': randomUUID() },
    );
    expect(returned.status).toBe(201);
    const returnId = returned.body.returnId as string;
    await step(orderId, returnId, 'approve');
    const receipt = { lines: [{ sku: skus.l, restock: true, condition: 'as_new' }] };
    const receipts = await Promise.all([
      step(orderId, returnId, 'receive', receipt),
      step(orderId, returnId, 'receive', receipt),
    ]);
    expect(receipts.map((r) => r.status)).toEqual([200, 200]);
    // L was kept for 20.00 paid with the order and 5.00 paid on the difference: 25.00 back.
    expect(receipts[0]!.body.returns[1]).toMatchObject({ status: 'received', refund: { amount: 2500 } });

    // Two refunds at once: one is made; the other finds it made or still in flight.
    const refunds = await Promise.all([step(orderId, returnId, 'refund'), step(orderId, returnId, 'refund')]);
    expect(refunds.some((r) => r.status === 200)).toBe(true);
    for (const r of refunds.filter((answer) => answer.status !== 200)) {
      expect(r.body.type).toMatch(/refund-in-progress$/);
    }
    await waitFor(async () => (await step(orderId, returnId, 'refund')).status === 200);
    const order = (await guest.order(orderId)).body;
    expect(order.returns[1]).toMatchObject({ status: 'refunded', refund: { amount: 2500 } });
    // The order's own payment gave its 20.00 back; the difference's payment its 5.00.
    expect(order.refunded.amount).toBe(2000);
    expect(await payments(orderId)).toEqual({ captured: total + 500, refunded: 2500, count: 2 });
    const { rows } = await stack.paymentDb.query<{ amount: number; refunded: number }>(
      'select amount::int, refunded_amount::int as refunded from payments where id = $1',
      [await chargePaymentOf(exchangeId)],
    );
    expect(rows).toEqual([{ amount: 500, refunded: 500 }]);
    expect(await stockOf(skus)).toEqual({ s: 5, m: 5, l: 5 });
  }, 90_000);

  it('closes the window of a replacement counted from its own delivery', async () => {
    const { orderId, skus } = await deliveredOrder();
    const exchange = await requestExchange(orderId, { sku: skus.m, replacementSku: skus.s });
    await step(orderId, exchange.body.returnId, 'approve');
    const exchanged = await step(orderId, exchange.body.returnId, 'receive', {
      lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
    });
    const replacementId = exchanged.body.returns[0].replacement.shipmentId as string;
    await admin.call('POST', `/admin/orders/${orderId}/shipments/${replacementId}/delivered`, {});
    await stack.orderDb.query(
      `update order_shipments set delivered_at = now() - interval '31 days' where id = $1`,
      [replacementId],
    );
    const late = await guest.call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku: skus.s, quantity: 1 }], reason: 'Too late' },
      { 'idempotency-key': randomUUID() },
    );
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/return-window-closed$/);
  }, 90_000);
});
