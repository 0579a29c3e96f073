// Coupons at checkout across the real product, payment, pricing and order services: the order
// keeps the discount its quote showed, a coupon that does not apply is refused naming the field,
// a usage limit holds exactly under a crowd of simultaneous checkouts, and a failed checkout
// gives its use back (ADR 0013).
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

async function createCoupon(code: string, extra: object = {}): Promise<string> {
  const res = await fetch(`${stack.pricing.url}/admin/promotions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Coupon ${code}`, kind: 'percentage', percent: '10', code, ...extra }),
  });
  if (res.status !== 201)
    throw new Error(`creating coupon ${code} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function usedOf(promotionId: string): Promise<number> {
  const { rows } = await stack.pricingDb.query<{ used: number }>(
    'select used from promotions where id = $1',
    [promotionId],
  );
  return rows[0]!.used;
}

describe('coupons at checkout', () => {
  it('shows the discount in the totals, charges the discounted total and keeps it on the order', async () => {
    await createCoupon('SAVE10');
    const sku = await stack.createProduct({ stock: 5, price: 1250 });
    const cartId = await guest.cartWith(sku, 2);
    const totals = await guest.call('GET', `/cart/${cartId}/totals?country=DE&coupon=save10`);
    expect(totals.status).toBe(200);
    // 10 % of 25.00 = 2.50; 22.50 holds 19 % VAT 359.24 → 359, shipping 4.95 holds 79.
    expect(totals.body).toMatchObject({
      subtotal: { amount: 2500 },
      discount: { amount: 250 },
      shipping: { amount: 495 },
      tax: { amount: 359 + 79 },
      total: { amount: 2500 + 495 - 250 },
      promotions: [{ name: 'Coupon SAVE10', code: 'SAVE10', amount: { amount: 250, currency: 'EUR' } }],
    });

    const res = await guest.checkout({ ...guest.checkoutBody(cartId), couponCode: 'Save10' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    expect(res.body.totals).toEqual({
      subtotal: { amount: 2500, currency: 'EUR' },
      shipping: { amount: 495, currency: 'EUR' },
      tax: { amount: 438, currency: 'EUR' },
      total: { amount: 2745, currency: 'EUR' },
      discount: { amount: 250, currency: 'EUR' },
    });
    const { rows } = await stack.paymentDb.query<{ amount: number }>(
      'select amount from payments where order_id = $1',
      [res.body.orderId],
    );
    expect(rows.map((r) => r.amount)).toEqual([2745]);
    const { rows: kept } = await stack.orderDb.query<{ quote: { lines: { discount: number }[] } }>(
      'select quote from orders where id = $1',
      [res.body.orderId],
    );
    expect(kept[0]!.quote.lines.map((l) => l.discount)).toEqual([250]);
  });

  it('refuses a coupon that does not apply with its reason, naming the field, and places nothing', async () => {
    const sku = await stack.createProduct({ stock: 5 });
    const cartId = await guest.cartWith(sku, 1);
    const totals = await guest.call('GET', `/cart/${cartId}/totals?country=DE&coupon=NOPE`);
    expect(totals.status).toBe(422);
    expect(totals.body).toMatchObject({ reason: 'unknown-code', field: 'querystring.coupon' });
    const res = await guest.checkout({ ...guest.checkoutBody(cartId), couponCode: 'NOPE' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ reason: 'unknown-code', field: 'body.couponCode' });
    const { rows } = await stack.orderDb.query('select 1 from orders where cart_id = $1', [cartId]);
    expect(rows).toHaveLength(0);
    const malformed = await guest.checkout({ ...guest.checkoutBody(cartId), couponCode: 'no spaces' });
    expect(malformed.status).toBe(400);
  });

  it('gives the use of a failed checkout back, and the next shopper gets it', async () => {
    const id = await createCoupon('LASTONE', { usageLimit: 1 });
    const sku = await stack.createProduct({ stock: 5 });
    const declined = await guest.checkout({
      ...guest.checkoutBody(await guest.cartWith(sku, 1), CARDS.declined),
      couponCode: 'LASTONE',
    });
    expect(declined.status).toBe(402);
    await waitFor(async () => (await usedOf(id)) === 0);
    const res = await guest.checkout({
      ...guest.checkoutBody(await guest.cartWith(sku, 1)),
      couponCode: 'lastone',
    });
    expect(res.status).toBe(201);
    expect(res.body.totals.discount.amount).toBe(125);
    expect(await usedOf(id)).toBe(1);
  });

  it('lets exactly 20 of 100 simultaneous checkouts use a coupon limited to 20, refusing the rest cleanly', async () => {
    const id = await createCoupon('CROWD20', { usageLimit: 20 });
    const sku = await stack.createProduct({ stock: 1000, price: 1000 });
    const carts: string[] = [];
    for (let i = 0; i < 10; i++)
      carts.push(...(await Promise.all(Array.from({ length: 10 }, () => guest.cartWith(sku, 1)))));
    const answers = await Promise.all(
      carts.map((cartId) =>
        guest.checkoutUntilAnswered({ ...guest.checkoutBody(cartId), couponCode: 'CROWD20' }),
      ),
    );
    // Refused at the quote (422: already used up when priced) or by the redemption step (409:
    // used up between the quote and the redemption); never placed at a price not shown.
    const refused = answers.filter((a) => a.status !== 201);
    for (const a of refused) {
      expect([409, 422]).toContain(a.status);
      expect(a.body.type).toMatch(/coupon-limit-reached$/);
    }
    const attempts = answers.filter((a) => a.status === 201 || a.status === 409);
    const orders = await Promise.all(
      attempts.map((a) => guest.settledOrder(a.body.orderId ?? a.body.attemptId, 60_000)),
    );
    const confirmed = orders.filter((o) => o.status === 'confirmed');
    expect(confirmed).toHaveLength(20);
    expect(confirmed.every((o) => o.totals.discount.amount === 100)).toBe(true);
    expect(await usedOf(id)).toBe(20);
    // Stock is conserved: only the 20 confirmed orders took a unit.
    expect(await stack.available(sku)).toBe(1000 - 20);
    const { rows } = await stack.paymentDb.query<{ n: number }>(
      `select count(*)::int as n from payments where order_id = any($1::uuid[]) and status in ('authorized', 'captured')`,
      [orders.map((o) => o.orderId)],
    );
    expect(rows[0]!.n).toBe(20);
  }, 180_000);
});
