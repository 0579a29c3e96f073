// The order service in-process (app.inject) against a real payment service process and a product
// stand-in that lets the test move prices and silence the stock system.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, openSqlDatabase } from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfigSchema } from '../src/config.js';
import { startOrderService } from '../src/service.js';
import { type ProductStandIn, startProductStandIn } from './support/product-stand-in.js';
import { address, CARDS } from './support/shopper.js';
import { freePort, ServiceProcess, startPricing } from './support/stack.js';

let products: ProductStandIn;
let payment: ServiceProcess;
let pricing: Awaited<ReturnType<typeof startPricing>>;
let databases: TestDatabase[];
let service: Awaited<ReturnType<typeof startOrderService>>;
let tokens: Awaited<ReturnType<typeof createTestTokens>>;
let jwks: ReturnType<typeof createServer>;

beforeAll(async () => {
  tokens = await createTestTokens();
  jwks = createServer((_req, res) => res.end(JSON.stringify(tokens.jwks)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  databases = [await createTestDatabase('order'), await createTestDatabase('payment')];
  const exchange = `${uniqueName('x')}.events`;
  products = await startProductStandIn();
  payment = new ServiceProcess('payment', await freePort(), {
    DATABASE_URL: databases[1]!.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    LOG_LEVEL: 'warn',
  });
  pricing = await startPricing({ AUTH_JWKS_URL: jwksUrl });
  await payment.start();
  const config = loadConfig(orderConfigSchema, {
    DATABASE_URL: databases[0]!.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    PRODUCT_URL: products.url,
    PAYMENT_URL: payment.url,
    PRICING_URL: pricing.url,
    LOG_LEVEL: 'silent',
    // Generous per call (CI machines are busy); the deadline test still needs a step that hangs.
    DOWNSTREAM_TIMEOUT_MS: '2000',
    SAGA_STEP_DEADLINE_MS: '4000',
    VARIANT_CACHE_MS: '0',
  });
  service = await startOrderService(config, { verifier: tokens.verifier, processMetrics: false });
}, 120_000);

afterAll(async () => {
  await service?.close();
  await service?.app.close();
  await payment?.stop();
  await pricing?.stop();
  await pricing?.drop();
  await products?.close();
  await new Promise((resolve) => jwks.close(resolve));
  for (const database of databases ?? []) await database.drop();
});

const newSku = (price = 1000, available = 10) => {
  const sku = uniqueName('SKU').toUpperCase();
  products.put({ sku, title: `Mug ${sku}`, price, available });
  return sku;
};

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  const res = await service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function cartWith(sku: string, quantity: number, headers: Record<string, string> = {}) {
  const cart = await call('POST', '/cart', {}, headers);
  await call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity }, headers);
  return cart.body.cartId as string;
}

const checkout = (cartId: string, headers: Record<string, string> = {}, paymentToken = CARDS.success) =>
  call(
    'POST',
    '/orders',
    { cartId, email: 'ada@example.com', shippingAddress: address, shippingMethod: 'express', paymentToken },
    { 'idempotency-key': randomUUID(), ...headers },
  );

describe('cart', () => {
  it('adds, updates and removes lines with prices from the product service', async () => {
    const sku = newSku(1500);
    const cartId = await cartWith(sku, 2);
    let cart = (await call('GET', `/cart/${cartId}`)).body;
    expect(cart.lines).toMatchObject([
      { sku, quantity: 2, unitPrice: { amount: 1500 }, availability: 'in_stock' },
    ]);
    expect(cart.subtotal).toEqual({ amount: 3000, currency: 'EUR' });
    cart = (await call('PUT', `/cart/${cartId}/lines/${sku}`, { quantity: 3 })).body;
    expect(cart.lines[0].quantity).toBe(3);
    cart = (await call('DELETE', `/cart/${cartId}/lines/${sku}`)).body;
    expect(cart.lines).toEqual([]);
  });

  it('shows the totals checkout would charge at a destination, from the pricing service', async () => {
    const sku = newSku(2380);
    const cartId = await cartWith(sku, 2);
    // EU prices hold VAT: 47.60 holds 7.60 at 19 %; 4.95 standard shipping holds 0.79; FR 20 %.
    const de = await call('GET', `/cart/${cartId}/totals?country=DE`);
    expect(de.status).toBe(200);
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect(de.body).toEqual({
      shippingMethod: 'standard',
      taxInclusive: true,
      subtotal: { amount: 4760, currency: 'EUR' },
      shipping: { amount: 495, currency: 'EUR' },
      tax: { amount: 760 + 79, currency: 'EUR' },
      total: { amount: 5255, currency: 'EUR' },
      discount: { amount: 0, currency: 'EUR' },
      promotions: [],
      lines: [
        {
          sku,
          quantity: 2,
          unitPrice: eur(2380),
          listPrice: eur(2380),
          lineTotal: eur(4760),
          discount: eur(0),
          tax: eur(760),
        },
      ],
    });
    const fr = await call('GET', `/cart/${cartId}/totals?country=FR&shippingMethod=express`);
    // 47.60 holds 7.93 (793.33); 14.95 express holds 2.49 (249.17).
    expect(fr.body).toMatchObject({ tax: { amount: 793 + 249 }, total: { amount: 4760 + 1495 } });
  });

  it('refuses totals it cannot work out with the reason, and a malformed destination with 400', async () => {
    const cartId = await cartWith(newSku(1000), 1);
    const us = await call('GET', `/cart/${cartId}/totals?country=US&region=CA`);
    expect(us.status).toBe(409);
    expect(us.body.type).toMatch(/not-sold-in-region$/);
    const nowhere = await call('GET', `/cart/${cartId}/totals?country=JP`);
    expect(nowhere.body.type).toMatch(/country-not-served$/);
    const malformed = await call('GET', `/cart/${cartId}/totals?country=germany`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['querystring.country']);
    const empty = await call('POST', '/cart', {});
    expect((await call('GET', `/cart/${empty.body.cartId}/totals?country=DE`)).body.type).toMatch(
      /cart-empty$/,
    );
  });

  it('refuses more than is in stock and an unknown SKU, naming the reason', async () => {
    const sku = newSku(1000, 2);
    const cartId = await cartWith(sku, 1);
    const tooMany = await call('POST', `/cart/${cartId}/lines`, { sku, quantity: 2 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.detail).toMatch(/Only 2 .* left/);
    const unknown = await call('POST', `/cart/${cartId}/lines`, { sku: 'NOPE-1', quantity: 1 });
    expect(unknown.status).toBe(422);
  });

  it('shows the shopper a price that moved, once', async () => {
    const sku = newSku(1000);
    const cartId = await cartWith(sku, 1);
    products.variant(sku)!.price = 1200;
    const first = (await call('GET', `/cart/${cartId}`)).body;
    expect(first.lines[0].priceChange).toEqual({
      previous: { amount: 1000, currency: 'EUR' },
      current: { amount: 1200, currency: 'EUR' },
    });
    expect(first.notices[0]).toMatch(/went up from 10.00 EUR to 12.00 EUR/);
    const second = (await call('GET', `/cart/${cartId}`)).body;
    expect(second.lines[0].priceChange).toBeUndefined();
  });

  it('refuses to check out at a price the shopper has not seen', async () => {
    const sku = newSku(1000);
    const cartId = await cartWith(sku, 1);
    products.variant(sku)!.price = 900;
    const res = await checkout(cartId);
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/prices-changed/);
    expect(res.body.changes[0]).toMatchObject({ previous: { amount: 1000 }, current: { amount: 900 } });
    expect((await checkout(cartId)).body.status).toBe('confirmed');
  });

  it('merges a guest cart into the user cart at login', async () => {
    const userId = randomUUID();
    const user = bearer(await tokens.sign({ userId }));
    const a = newSku();
    const b = newSku();
    await cartWith(a, 1, user);
    const guestCart = await cartWith(a, 2);
    await call('POST', `/cart/${guestCart}/lines`, { sku: b, quantity: 1 });
    const merged = await call('POST', '/cart/merge', { cartId: guestCart }, user);
    expect(merged.status).toBe(200);
    expect(merged.body.userId).toBe(userId);
    expect(merged.body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      [a, 3],
      [b, 1],
    ]);
    expect((await call('GET', `/cart/${guestCart}`)).body.status).toBe('merged');
    expect((await call('GET', '/cart', undefined, user)).body.cartId).toBe(merged.body.cartId);
  });

  it("keeps a user's cart from other accounts", async () => {
    const owner = bearer(await tokens.sign({}));
    const cartId = await cartWith(newSku(), 1, owner);
    const stranger = bearer(await tokens.sign({}));
    expect((await call('GET', `/cart/${cartId}`, undefined, stranger)).status).toBe(403);
    expect((await call('GET', `/cart/${cartId}`)).status).toBe(403);
  });
});

describe('prices per currency', () => {
  const london = { ...address, city: 'London', postalCode: 'SW1A 1AA', country: 'GB' };
  /** A book sold in EUR and GBP (reduced VAT, 800 g) and a mug sold in EUR only. */
  function twoProducts() {
    const book = uniqueName('BOOK').toUpperCase();
    products.put({
      sku: book,
      title: `Book ${book}`,
      price: 2380,
      prices: [
        { amount: 2380, currency: 'EUR' },
        { amount: 1999, currency: 'GBP' },
      ],
      taxClass: 'reduced',
      weightGrams: 800,
      available: 10,
    });
    return { book, mug: newSku(1000) };
  }
  const checkoutTo = (cartId: string, shippingAddress: object, key = randomUUID()) =>
    call(
      'POST',
      '/orders',
      {
        cartId,
        email: 'ada@example.com',
        shippingAddress,
        shippingMethod: 'express',
        paymentToken: CARDS.success,
      },
      { 'idempotency-key': key },
    );

  it('shows a cart in the currency asked for, a line not sold in it without a price', async () => {
    const { book, mug } = twoProducts();
    const cartId = await cartWith(book, 1);
    await call('POST', `/cart/${cartId}/lines`, { sku: mug, quantity: 2 });
    const gbp = (await call('GET', `/cart/${cartId}?currency=GBP`)).body;
    expect(gbp.currency).toBe('GBP');
    expect(gbp.lines).toMatchObject([
      { sku: book, unitPrice: { amount: 1999, currency: 'GBP' }, availability: 'in_stock' },
      { sku: mug, unitPrice: null, lineTotal: null, availability: 'not_sold_in_currency' },
    ]);
    // Another currency is another price list, not a price move: no priceChange, no notice of one.
    expect(gbp.lines[0].priceChange).toBeUndefined();
    expect(gbp.notices).toEqual([`Mug ${mug} is not sold in GBP; remove it to check out in this currency.`]);
    expect(gbp.subtotal).toEqual({ amount: 1999, currency: 'GBP' });
    // Shown without a currency, the cart stays in the one it was last shown in.
    expect((await call('GET', `/cart/${cartId}`)).body.currency).toBe('GBP');
    const unknown = await call('GET', `/cart/${cartId}?currency=euro`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['querystring.currency']);
  });

  it("refuses totals and checkout where a line has no price in the region's currency, naming it", async () => {
    const { book, mug } = twoProducts();
    const cartId = await cartWith(book, 1);
    await call('POST', `/cart/${cartId}/lines`, { sku: mug, quantity: 1 });
    const totals = await call('GET', `/cart/${cartId}/totals?country=GB`);
    expect(totals.status).toBe(409);
    expect(totals.body).toMatchObject({ skus: [mug], currency: 'GBP' });
    expect(totals.body.detail).toContain(mug);
    const answers = await Promise.all([1, 2].map(() => checkoutTo(cartId, london)));
    for (const res of answers) {
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/not-sold-in-region$/);
      expect(res.body.skus).toEqual([mug]);
    }
    expect(products.variant(book)!.available).toBe(10);
    expect((await call('GET', `/cart/${cartId}`)).body.status).toBe('active');
    // Germany sells both in EUR: the same cart's totals there are priced.
    expect((await call('GET', `/cart/${cartId}/totals?country=DE`)).status).toBe(200);
  });

  it("prices totals in the region's currency with each line's tax class and weight", async () => {
    const { book } = twoProducts();
    const cartId = await cartWith(book, 1);
    const totals = await call('GET', `/cart/${cartId}/totals?country=GB&shippingMethod=express`);
    expect(totals.status).toBe(200);
    // A book is zero-rated in the UK (the seed's reduced rate there is 0): 19.99 holds no VAT;
    // next-day 9.95 at 20 % holds 1.66.
    expect(totals.body).toMatchObject({
      taxInclusive: true,
      subtotal: { amount: 1999, currency: 'GBP' },
      shipping: { amount: 995, currency: 'GBP' },
      tax: { amount: 0 + 166, currency: 'GBP' },
      total: { amount: 1999 + 995, currency: 'GBP' },
    });
  });

  it('shows the prices of the destination before charging them, then places the order in its currency', async () => {
    const { book } = twoProducts();
    const cartId = await cartWith(book, 2);
    // Last shown in EUR: the shopper has not seen the GBP price, so both racing attempts stop.
    const first = await Promise.all([1, 2].map(() => checkoutTo(cartId, london)));
    for (const res of first) {
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/prices-changed$/);
      expect(res.body.changes).toEqual([
        {
          sku: book,
          previous: { amount: 2380, currency: 'EUR' },
          current: { amount: 1999, currency: 'GBP' },
        },
      ]);
    }
    const placed = await checkoutTo(cartId, london);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'confirmed',
      lines: [{ sku: book, unitPrice: { amount: 1999, currency: 'GBP' }, lineTotal: { amount: 3998 } }],
      totals: { subtotal: { amount: 3998, currency: 'GBP' }, total: { amount: 3998 + 995, currency: 'GBP' } },
    });
    expect(products.variant(book)!.available).toBe(8);
  });
});

describe('pickup at checkout', () => {
  const pickupBody = (cartId: string, shippingAddress: object) => ({
    cartId,
    email: 'ada@example.com',
    shippingAddress,
    shippingMethod: 'pickup',
    paymentToken: CARDS.success,
  });

  it('places a pickup order with only a name and a country, free, named by its pickup point', async () => {
    const sku = newSku(2380, 10);
    const cartId = await cartWith(sku, 1);
    const key = randomUUID();
    // A street typed anyway is not kept: the order does not go there. Sent twice at once under
    // one key, it is placed once.
    const answers = await Promise.all(
      [1, 2].map(() =>
        call('POST', '/orders', pickupBody(cartId, { ...address, name: 'Ada Lovelace' }), {
          'idempotency-key': key,
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const orderId = answers[0]!.body.orderId;
    expect(answers[1]!.body.orderId).toBe(orderId);
    const order = (await call('GET', `/orders/${orderId}`)).body;
    expect(order).toMatchObject({
      status: 'confirmed',
      shippingMethod: 'pickup',
      shippingName: 'Collect from a parcel point',
      shippingAddress: { name: 'Ada Lovelace', country: 'DE' },
      // 23.80 holds 3.80 at 19 %; a pickup costs nothing.
      totals: {
        subtotal: { amount: 2380 },
        shipping: { amount: 0 },
        tax: { amount: 380 },
        total: { amount: 2380 },
      },
    });
    expect(order.shippingAddress.line1).toBeUndefined();
    expect(products.variant(sku)!.available).toBe(9);
  });

  it('needs no street for a pickup, but a street, city and postal code for a shipment', async () => {
    const sku = newSku(1000, 10);
    const pickup = await call(
      'POST',
      '/orders',
      pickupBody(await cartWith(sku, 1), { name: 'Ada', country: 'GB' }),
      {
        'idempotency-key': randomUUID(),
      },
    );
    // The UK's pickup option; the mug is sold in EUR only, so this is refused as not sold there,
    // which shows the country alone chose the region.
    expect(pickup.status).toBe(409);
    expect(pickup.body.type).toMatch(/not-sold-in-region$/);

    const cartId = await cartWith(sku, 1);
    const shipped = await call(
      'POST',
      '/orders',
      { ...pickupBody(cartId, { name: 'Ada', country: 'DE' }), shippingMethod: 'standard' },
      { 'idempotency-key': randomUUID() },
    );
    expect(shipped.status).toBe(400);
    expect(shipped.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.shippingAddress.line1',
      'body.shippingAddress.city',
      'body.shippingAddress.postalCode',
    ]);
    expect((await call('GET', `/cart/${cartId}`)).body.status).toBe('active');
    expect(products.variant(sku)!.available).toBe(10);
  });

  it('refuses pickup where the region has no pickup point', async () => {
    const sku = newSku(1000, 10);
    products.put({
      sku,
      title: `Mug ${sku}`,
      price: 1000,
      prices: [
        { amount: 1000, currency: 'EUR' },
        { amount: 1100, currency: 'USD' },
      ],
      available: 10,
    });
    const cartId = await cartWith(sku, 1);
    await call('GET', `/cart/${cartId}?currency=USD`);
    const res = await call('POST', '/orders', pickupBody(cartId, { name: 'Grace', country: 'US' }), {
      'idempotency-key': randomUUID(),
    });
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/shipping-option-unavailable$/);
    expect(products.variant(sku)!.available).toBe(10);
  });
});

describe('checkout saga against a stock system that never answers', () => {
  it('refuses cart line changes while a checkout of the cart runs, and gives the cart back after', async () => {
    const sku = newSku();
    const other = newSku();
    const cartId = await cartWith(sku, 1);
    products.hangReservations(true);
    let placed: Awaited<ReturnType<typeof checkout>>;
    try {
      placed = await checkout(cartId);
      // Still reserving when the inline wait ended: pending, and the client follows the order.
      expect(placed.status).toBe(201);
      expect(placed.body.status).toBe('pending');
      for (const change of [
        call('POST', `/cart/${cartId}/lines`, { sku: other, quantity: 1 }),
        call('PUT', `/cart/${cartId}/lines/${sku}`, { quantity: 5 }),
        call('DELETE', `/cart/${cartId}/lines/${sku}`),
      ]) {
        const refused = await change;
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({
          type: expect.stringMatching(/cart-checkout-in-progress$/),
          orderId: placed.body.orderId,
        });
      }
      expect((await call('GET', `/cart/${cartId}`)).body.lines).toMatchObject([{ sku, quantity: 1 }]);
    } finally {
      products.hangReservations(false);
    }
    await waitFor(
      async () => (await call('GET', `/orders/${placed.body.orderId}`)).body.status === 'checkout_failed',
    );
    // The failed attempt gave the cart back: it can change and be checked out again.
    expect((await call('POST', `/cart/${cartId}/lines`, { sku: other, quantity: 1 })).status).toBe(200);
    const retry = await checkout(cartId);
    expect(retry.status).toBe(201);
    expect(retry.body.lines.map((l: { sku: string }) => l.sku).sort()).toEqual([sku, other].sort());
  });

  it('compensates after the step deadline and tells the shopper nothing was charged', async () => {
    const sku = newSku();
    const cartId = await cartWith(sku, 1);
    products.hangReservations(true);
    try {
      const res = await checkout(cartId);
      expect(res.status).toBe(201);
      await waitFor(
        async () => (await call('GET', `/orders/${res.body.orderId}`)).body.status === 'checkout_failed',
      );
      const order = (await call('GET', `/orders/${res.body.orderId}`)).body;
      expect(order.cancellation.code).toBe('timeout');
      expect(order.cancellation.reason).toMatch(/could not reach our stock system.*not charged/);
    } finally {
      products.hangReservations(false);
    }
  });
});

describe('checkout saga against a stock system that is briefly down', () => {
  it('saves the steps done before one that has to wait, so the shopper sees where the order stands', async () => {
    const sku = newSku();
    const cartId = await cartWith(sku, 1);
    products.failCommits(true);
    const orderDb = await openSqlDatabase(databases[0]!.url);
    let placing: ReturnType<typeof checkout> | undefined;
    try {
      placing = checkout(cartId);
      // Reserved and authorized, then the commit fails: what was done is saved before waiting.
      let orderId = '';
      await waitFor(async () => {
        const { rows } = await orderDb.query<{ id: string; status: string }>(
          'select id, status from orders where cart_id = $1',
          [cartId],
        );
        orderId = rows[0]?.id ?? '';
        return rows[0]?.status === 'payment_authorized';
      });
      expect((await call('GET', `/orders/${orderId}`)).body.status).toBe('payment_authorized');
      const { rows: log } = await orderDb.query<{ step: string }>(
        'select step from checkout_saga_log where order_id = $1 order by id',
        [orderId],
      );
      expect(log.map((entry) => entry.step)).toEqual([
        'redeemPromotions',
        'reserveStock',
        'authorizePayment',
      ]);
      products.failCommits(false);
      expect((await placing).body.status).toBe('confirmed');
      // Two saves: the one before waiting, and the rest when the checkout was done.
      const { rows: saves } = await orderDb.query<{ steps: string[] }>(
        `select array_agg(step order by id) as steps from checkout_saga_log where order_id = $1
         group by xmin::text order by min(id)`,
        [orderId],
      );
      expect(saves.map((save) => save.steps)).toEqual([
        ['redeemPromotions', 'reserveStock', 'authorizePayment'],
        ['commitStock', 'confirmOrder', 'capturePayment'],
      ]);
    } finally {
      products.failCommits(false);
      await orderDb.close();
    }
    const res = await placing;
    expect(res.body.status).toBe('confirmed');
    expect(res.body.timeline.map((t: { to: string }) => t.to)).toEqual([
      'pending',
      'stock_reserved',
      'payment_authorized',
      'confirmed',
    ]);
  });
});

describe('line changes racing a checkout', () => {
  it('never charges lines other than the cart holds when the change and the checkout meet', async () => {
    for (let round = 0; round < 6; round++) {
      const sku = newSku(1000);
      const added = newSku(700);
      const cartId = await cartWith(sku, 1);
      const [placed, change] = await Promise.all([
        checkout(cartId),
        call('POST', `/cart/${cartId}/lines`, { sku: added, quantity: 2 }),
      ]);
      // Each side either went first or was refused; both cannot win against each other's state.
      expect([201, 409]).toContain(placed.status);
      expect([200, 409]).toContain(change.status);
      if (placed.status === 201) {
        const ordered = placed.body.lines.map((l: { sku: string }) => l.sku).sort();
        const expected = change.status === 200 ? [sku, added].sort() : [sku];
        expect(ordered).toEqual(expected);
        if (change.status === 409) expect(change.body.type).toMatch(/cart-checkout-in-progress$/);
      } else {
        expect(placed.body.type).toMatch(/cart-changed$/);
        expect(change.status).toBe(200);
      }
    }
  });
});

describe('orders', () => {
  it('lets a customer read only their own orders', async () => {
    const userId = randomUUID();
    const me = bearer(await tokens.sign({ userId }));
    const placed = await checkout(await cartWith(newSku(), 1, me), me);
    expect(placed.body.userId).toBe(userId);
    const mine = await call('GET', '/orders', undefined, me);
    expect(mine.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([placed.body.orderId]);
    const other = bearer(await tokens.sign({}));
    expect((await call('GET', `/orders/${placed.body.orderId}`, undefined, other)).status).toBe(404);
    expect((await call('GET', `/orders/${placed.body.orderId}`, undefined, me)).status).toBe(200);
  });

  it('lets an admin filter, ship, deliver and partially then fully refund an order', async () => {
    const admin = bearer(await tokens.sign({ roles: ['admin'] }));
    const email = `${uniqueName('buyer')}@example.com`;
    const cartId = await cartWith(newSku(2000), 1);
    const placed = await call(
      'POST',
      '/orders',
      { cartId, email, shippingAddress: address, shippingMethod: 'standard', paymentToken: CARDS.success },
      { 'idempotency-key': randomUUID() },
    );
    const orderId = placed.body.orderId;
    const list = await call(
      'GET',
      `/admin/orders?email=${encodeURIComponent(email)}&status=confirmed`,
      undefined,
      admin,
    );
    expect(list.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
    // Capture runs after confirmation; refunds need it.
    await waitFor(
      async () =>
        (
          await call(
            'POST',
            `/admin/orders/${orderId}/refund`,
            { reason: 'probe', amount: { amount: 1, currency: 'EUR' } },
            admin,
          )
        ).status === 200,
    );
    const shipped = await call(
      'POST',
      `/admin/orders/${orderId}/ship`,
      { carrier: 'DHL', trackingNumber: 'JJD0001' },
      admin,
    );
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      shipment: { carrier: 'DHL', trackingNumber: 'JJD0001' },
    });
    expect((await call('POST', `/admin/orders/${orderId}/deliver`, undefined, admin)).body.status).toBe(
      'delivered',
    );
    const rest = await call('POST', `/admin/orders/${orderId}/refund`, { reason: 'returned' }, admin);
    expect(rest.body.status).toBe('refunded');
    expect(rest.body.refunded).toEqual(rest.body.totals.total);
    expect(rest.body.timeline.at(-1)).toMatchObject({
      from: 'delivered',
      to: 'refunded',
      reason: 'returned',
    });
    const again = await call('POST', `/admin/orders/${orderId}/ship`, {}, admin);
    expect(again.status).toBe(409);
  });

  it('lets an admin cancel a confirmed order, giving the money back', async () => {
    const admin = bearer(await tokens.sign({ roles: ['admin'] }));
    const placed = await checkout(await cartWith(newSku(), 1));
    const res = await call(
      'POST',
      `/admin/orders/${placed.body.orderId}/cancel`,
      { reason: 'Damaged in our warehouse.' },
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.cancellation.reason).toMatch(/Cancelled by the shop: Damaged in our warehouse\./);
  });

  it('refuses admin routes to customers and checkout without an Idempotency-Key', async () => {
    const customer = bearer(await tokens.sign({}));
    expect((await call('GET', '/admin/orders', undefined, customer)).status).toBe(403);
    const res = await service.app.inject({
      method: 'POST',
      url: '/orders',
      payload: {
        cartId: randomUUID(),
        email: 'a@b.co',
        shippingAddress: address,
        shippingMethod: 'standard',
        paymentToken: 'x',
      },
    });
    expect(res.statusCode).toBe(400);
  });
});
