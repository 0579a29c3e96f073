// Checkout across the real product, payment, pricing and order services (each its own process),
// on the real PostgreSQL, MongoDB-protocol store, Redis and RabbitMQ.
import { randomUUID } from 'node:crypto';
import { internalTokenHeaders } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, shopper } from './support/shopper.js';
import { type Stack, startStack } from './support/stack.js';

let stack: Stack;
let guest: ReturnType<typeof shopper>;

beforeAll(async () => {
  stack = await startStack();
  guest = shopper(stack.order.url);
}, 120_000);
afterAll(() => stack?.stop());

async function chargesOf(orderId: string) {
  const { rows } = await stack.paymentDb.query<{ status: string }>(
    'select status from payments where order_id = $1 order by created_at',
    [orderId],
  );
  return rows.map((r) => r.status);
}

describe('checkout end to end', () => {
  it('confirms an order, commits the stock and captures the payment', async () => {
    const sku = await stack.createProduct({ stock: 5, price: 1250 });
    const cartId = await guest.cartWith(sku, 2);
    const res = await guest.checkout(guest.checkoutBody(cartId));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    // The order id is a guest's only credential: neither answer may be kept by a cache.
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect((await guest.order(res.body.orderId)).headers.get('cache-control')).toBe('private, no-store');
    // 2 × 12.50 + 4.95 shipping in the EU region, whose prices hold 19 % German VAT: 25.00
    // holds 3.99 (399.16 → 399), shipping 0.79 (79.03 → 79).
    expect(res.body.totals).toEqual({
      subtotal: { amount: 2500, currency: 'EUR' },
      shipping: { amount: 495, currency: 'EUR' },
      tax: { amount: 478, currency: 'EUR' },
      total: { amount: 2995, currency: 'EUR' },
    });
    expect(res.body.timeline.map((t: { to: string }) => t.to)).toEqual([
      'pending',
      'stock_reserved',
      'payment_authorized',
      'confirmed',
    ]);
    expect(await stack.available(sku)).toBe(3);
    await waitFor(async () => (await chargesOf(res.body.orderId)).join() === 'captured');
    // Nothing had to wait: the whole saga was saved once, when it was done.
    const { rows: saves } = await stack.orderDb.query<{ steps: string[] }>(
      `select array_agg(step order by id) as steps from checkout_saga_log where order_id = $1
       group by xmin::text`,
      [res.body.orderId],
    );
    expect(saves.map((save) => save.steps)).toEqual([
      [
        'redeemPromotions',
        'reserveStock',
        'authorizePayment',
        'commitStock',
        'confirmOrder',
        'capturePayment',
      ],
    ]);
    const cart = await guest.call('GET', `/cart/${cartId}`);
    expect(cart.body.status).toBe('converted');
  });

  it('keeps the quote an order was placed with when the rate changes afterwards', async () => {
    const sku = await stack.createProduct({ stock: 5, price: 1190 });
    const before = await guest.checkout(guest.checkoutBody(await guest.cartWith(sku, 1)));
    expect(before.body.totals.tax.amount).toBe(190 + 79);
    const dearer = await stack.pricingDb.query(
      "update tax_rates set rate_ppm = 250000 where country = 'DE' and subdivision = '' and tax_class = 'standard'",
    );
    expect(dearer.rowCount).toBe(1);
    try {
      // 11.90 holds 2.38 at 25 %, shipping 0.99.
      const after = await guest.checkout(guest.checkoutBody(await guest.cartWith(sku, 1)));
      expect(after.body.totals.tax.amount).toBe(238 + 99);
      expect((await guest.order(before.body.orderId)).body.totals).toEqual(before.body.totals);
      const { rows } = await stack.orderDb.query<{
        quote: { rates: { rate: string }[]; lines: { tax: number }[] };
      }>('select quote from orders where id = $1', [before.body.orderId]);
      expect(rows[0]?.quote.rates).toEqual([
        { jurisdiction: 'DE', taxClass: 'standard', rate: '19', name: 'MwSt.' },
      ]);
      expect(rows[0]?.quote.lines.map((line) => line.tax)).toEqual([190]);
    } finally {
      await stack.pricingDb.query(
        "update tax_rates set rate_ppm = 190000 where country = 'DE' and subdivision = '' and tax_class = 'standard'",
      );
    }
  });

  it.each([
    ['a country no region serves', { country: 'JP' }, 422, 'country-not-served'],
    [
      'a country whose currency the item has no price in',
      { country: 'US', region: 'CA' },
      409,
      'not-sold-in-region',
    ],
  ])('refuses %s before anything is reserved or charged, keeping the cart', async (_, to, status, slug) => {
    const sku = await stack.createProduct({ stock: 2 });
    const cartId = await guest.cartWith(sku, 1);
    const body = guest.checkoutBody(cartId);
    const answers = await Promise.all(
      [1, 2].map(() => guest.checkout({ ...body, shippingAddress: { ...body.shippingAddress, ...to } })),
    );
    for (const res of answers) {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.type).toMatch(new RegExp(`${slug}$`));
    }
    expect(await stack.available(sku)).toBe(2);
    expect((await guest.cart(cartId)).body.status).toBe('active');
    const { rowCount } = await stack.orderDb.query('select 1 from orders where cart_id = $1', [cartId]);
    expect(rowCount).toBe(0);
  });

  it('puts the units back on the shelf and refunds when the shop cancels a confirmed order', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const placed = await guest.checkout(guest.checkoutBody(await guest.cartWith(sku, 2)));
    expect(placed.body.status).toBe('confirmed');
    expect(await stack.available(sku)).toBe(3);
    await waitFor(async () => (await chargesOf(placed.body.orderId)).join() === 'captured');
    const cancelled = await fetch(`${stack.order.url}/admin/orders/${placed.body.orderId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Damaged in our warehouse.' }),
    });
    expect(cancelled.status).toBe(200);
    // The product service hears order.cancelled and restores the sold units, once.
    await waitFor(async () => (await stack.available(sku)) === 5);
    expect(await chargesOf(placed.body.orderId)).toEqual(['refunded']);
  });

  it('refuses a declined card with the reason, keeps the cart open and no order, and takes another card', async () => {
    const sku = await stack.createProduct({ stock: 3 });
    const token = await stack.sign();
    const customer = shopper(stack.order.url, token);
    const cartId = await customer.cartWith(sku, 1);
    const res = await customer.checkout(customer.checkoutBody(cartId, CARDS.declined));
    expect(res.status).toBe(402);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/payment-declined$/),
      code: 'card_declined',
      reason: expect.stringMatching(/declined.*not charged/),
      attemptId: expect.any(String),
    });
    expect(await stack.available(sku)).toBe(3);
    expect(await chargesOf(res.body.attemptId)).toEqual(['failed']);
    // Not an order: the shopper's history has none; the cart stays open to fix and retry.
    expect((await customer.call('GET', '/orders')).body.orders).toEqual([]);
    expect((await customer.cart(cartId)).body.status).toBe('active');
    const retry = await customer.checkout(customer.checkoutBody(cartId, CARDS.success));
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe('confirmed');
    const history = (await customer.call('GET', '/orders')).body.orders;
    expect(history.map((o: { orderId: string }) => o.orderId)).toEqual([retry.body.orderId]);
    // The admin finds the attempt, with its reason, only when asking for failed checkouts.
    const admin = shopper(stack.order.url, stack.adminToken);
    const listed = (await admin.call('GET', `/admin/orders?userId=${retry.body.userId}`)).body.orders;
    expect(listed.map((o: { orderId: string }) => o.orderId)).toEqual([retry.body.orderId]);
    const attempts = (await admin.call('GET', '/admin/orders?status=checkout_failed&limit=200')).body.orders;
    expect(attempts.find((o: { orderId: string }) => o.orderId === res.body.attemptId)).toMatchObject({
      status: 'checkout_failed',
      cancellation: { code: 'card_declined', reason: res.body.reason },
    });
  });

  it('voids a charge whose answer was lost and refuses the checkout with a readable reason', async () => {
    const sku = await stack.createProduct({ stock: 3 });
    const cartId = await guest.cartWith(sku, 1);
    const res = await guest.checkout(guest.checkoutBody(cartId, CARDS.lostAnswer));
    expect(res.status).toBe(402);
    expect(res.body.code).toBe('processing_error');
    const { rows } = await stack.paymentDb.query<{ status: string }>(
      `select status from sandbox_charges where idempotency_key = $1`,
      [`order:${res.body.attemptId}:authorize`],
    );
    expect(rows.map((r) => r.status)).toEqual(['voided']);
    expect(await stack.available(sku)).toBe(3);
  });

  it('refuses cleanly, naming the sold-out line, when the product sells out between cart and checkout', async () => {
    const sku = await stack.createProduct({ stock: 1, title: 'Last teapot' });
    const slow = await guest.cartWith(sku, 1);
    const fast = await guest.cartWith(sku, 1);
    expect((await guest.checkout(guest.checkoutBody(fast))).body.status).toBe('confirmed');
    const res = await guest.checkout(guest.checkoutBody(slow));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/out-of-stock$/),
      code: 'out_of_stock',
      unavailable: [{ sku, requested: 1, available: 0 }],
    });
    expect(res.body.reason).toMatch(/Last teapot.*sold out.*not charged/);
    expect(await chargesOf(res.body.attemptId)).toEqual([]);
    expect(await stack.available(sku)).toBe(0);
    expect((await guest.cart(slow)).body.status).toBe('active');
  });

  it('makes one order of one cart checked out five times at once under five keys', async () => {
    const sku = await stack.createProduct({ stock: 10 });
    const cartId = await guest.cartWith(sku, 2);
    const body = guest.checkoutBody(cartId);
    const answers = await Promise.all(Array.from({ length: 5 }, () => guest.checkout(body, randomUUID())));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    const orderId = created[0]!.body.orderId;
    // The order and the refusals point at the same place: where the gateway serves the order.
    expect(created[0]!.headers.get('location')).toBe(`/api/v1/orders/${orderId}`);
    const others = answers.filter((a) => a.status !== 201);
    expect(others.map((a) => a.status)).toEqual([409, 409, 409, 409]);
    for (const other of others) {
      expect(other.body).toMatchObject({ type: expect.stringMatching(/cart-already-checked-out$/), orderId });
      expect(other.headers.get('location')).toBe(`/api/v1/orders/${orderId}`);
    }
    expect((await guest.settledOrder(orderId)).status).toBe('confirmed');
    const { rows: orders } = await stack.orderDb.query<{ id: string }>(
      'select id from orders where cart_id = $1',
      [cartId],
    );
    expect(orders.map((o) => o.id)).toEqual([orderId]);
    // One authorization, captured once: every payment of the cart's only order.
    await waitFor(async () => (await chargesOf(orderId)).join() === 'captured');
    expect(await stack.available(sku)).toBe(8);
    // Afterwards too: the converted cart answers with its order.
    const later = await guest.checkout(body, randomUUID());
    expect(later.status).toBe(409);
    expect(later.body.orderId).toBe(orderId);
  });

  it('turns a double-clicked checkout (two requests, one key) into one order and one charge', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const cartId = await guest.cartWith(sku, 1);
    const key = randomUUID();
    const body = guest.checkoutBody(cartId);
    const [first, second] = await Promise.all([guest.checkout(body, key), guest.checkout(body, key)]);
    expect(first.body.orderId).toBe(second.body.orderId);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const settled = await guest.settledOrder(first.body.orderId);
    expect(settled.status).toBe('confirmed');
    await waitFor(async () => (await chargesOf(first.body.orderId)).join() === 'captured');
    expect(await stack.available(sku)).toBe(4);
    const again = await guest.checkout(body, key);
    expect(again.body.orderId).toBe(first.body.orderId);
  });

  it('refuses the same key with a different body with 422', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const cartId = await guest.cartWith(sku, 1);
    const key = randomUUID();
    await guest.checkout(guest.checkoutBody(cartId), key);
    const res = await guest.checkout({ ...guest.checkoutBody(cartId), shippingMethod: 'express' }, key);
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/idempotency-key-reused/);
  });

  it('sells the last 10 units to exactly 10 of 100 concurrent shoppers and refuses the rest cleanly', async () => {
    const sku = await stack.createProduct({ stock: 10 });
    const carts: string[] = [];
    for (let i = 0; i < 10; i++)
      carts.push(...(await Promise.all(Array.from({ length: 10 }, () => guest.cartWith(sku, 1)))));
    const answers = await Promise.all(
      carts.map((cartId) => guest.checkoutUntilAnswered(guest.checkoutBody(cartId))),
    );
    // Refused at once (409 out-of-stock) or, if the saga outlasted the inline wait, once settled.
    const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 409);
    expect(unexpected.map((a) => ({ status: a.status, body: a.body }))).toEqual([]);
    const orders = await Promise.all(
      answers.map((a) => guest.settledOrder(a.body.orderId ?? a.body.attemptId, 60_000)),
    );
    const confirmed = orders.filter((o) => o.status === 'confirmed');
    const failed = orders.filter((o) => o.status === 'checkout_failed');
    expect(confirmed).toHaveLength(10);
    expect(failed).toHaveLength(90);
    expect(failed.every((o) => o.cancellation.code === 'out_of_stock')).toBe(true);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'out_of_stock')).toBe(true);
    expect(await stack.available(sku)).toBe(0);
    // No charge for a failed checkout; one captured charge per confirmed one.
    const { rows } = await stack.paymentDb.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from payments where order_id = any($1::uuid[]) group by status`,
      [orders.map((o) => o.orderId)],
    );
    await waitFor(async () => {
      const { rows: now } = await stack.paymentDb.query<{ n: number }>(
        `select count(*)::int as n from payments where order_id = any($1::uuid[]) and status = 'captured'`,
        [orders.map((o) => o.orderId)],
      );
      return now[0]?.n === 10;
    });
    expect(rows.filter((r) => r.status !== 'captured' && r.status !== 'authorized')).toEqual([]);
  }, 120_000);
});

describe('the /internal/* routes, guarded by the shared token', () => {
  const json = { 'content-type': 'application/json' };
  const reservation = (id: string, sku: string, action: '' | '/release', headers: Record<string, string>) =>
    fetch(`${stack.product.url}/internal/reservations/${id}${action}`, {
      method: action ? 'POST' : 'PUT',
      headers: action ? headers : { ...json, ...headers },
      ...(action ? {} : { body: JSON.stringify({ lines: [{ sku, quantity: 2 }] }) }),
    });

  it('refuses a reservation without the token and changes nothing; takes it with the token', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const id = `guarded-${randomUUID()}`;
    const bare = await reservation(id, sku, '', {});
    expect(bare.status).toBe(401);
    expect(bare.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await bare.json()).toMatchObject({
      type: 'https://emporium.dev/problems/internal-token-required',
      detail: expect.stringContaining('x-internal-token'),
    });
    const forged = await reservation(
      id,
      sku,
      '',
      internalTokenHeaders('a'.repeat(stack.internalToken.length)),
    );
    expect(forged.status).toBe(401);
    expect(await stack.available(sku)).toBe(5);

    const token = internalTokenHeaders(stack.internalToken);
    expect((await reservation(id, sku, '', token)).status).toBe(200);
    expect(await stack.available(sku)).toBe(3);
    expect((await reservation(id, sku, '/release', {})).status).toBe(401);
    expect(await stack.available(sku)).toBe(3);
    expect((await reservation(id, sku, '/release', token)).status).toBe(200);
    expect(await stack.available(sku)).toBe(5);
  });

  it('refuses a batch without the token, and each call in a batch that lacks its own', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const batch = (headers: Record<string, string>, calls: unknown[]) =>
      fetch(`${stack.product.url}/internal/batch`, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: JSON.stringify({ calls }),
      });
    const token = internalTokenHeaders(stack.internalToken);
    const reserve = (id: string, headers: Record<string, string>) => ({
      method: 'PUT',
      url: `/internal/reservations/${id}`,
      headers,
      body: { lines: [{ sku, quantity: 1 }] },
    });
    const smuggled = reserve(`guarded-${randomUUID()}`, {});
    expect((await batch({}, [smuggled])).status).toBe(401);
    const answers = await batch(token, [smuggled, reserve(`guarded-${randomUUID()}`, token)]);
    expect(answers.status).toBe(200);
    expect(((await answers.json()) as { status: number }[]).map((a) => a.status)).toEqual([401, 200]);
    expect(await stack.available(sku)).toBe(4);
  });

  it("guards the payment service's internal routes too", async () => {
    const url = `${stack.payment.url}/internal/payments?orderId=${randomUUID()}`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: internalTokenHeaders(stack.internalToken) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ payments: [] });
  });
});
