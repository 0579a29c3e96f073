// /admin/promotions, coupons in /internal/quotes, and the redemptions checkout makes, on the real
// PostgreSQL: creates that happen once, refusals that name the field or the reason, and usage
// limits that hold exactly when hundreds of checkouts race for them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type PricingHarness, startPricingHarness } from './harness.js';

const INTERNAL_TOKEN = 'pricing-test-internal-token-0123456789';
const internal = { 'x-internal-token': INTERNAL_TOKEN };

let pricing: PricingHarness;
beforeAll(async () => {
  pricing = await startPricingHarness({ INTERNAL_TOKEN });
});
afterAll(() => pricing.close());

const create = (payload: object, headers: Record<string, string> = {}) =>
  pricing.request('POST', '/admin/promotions', { token: pricing.admin, payload, headers });
const coupon = (code: string, extra: object = {}) =>
  create({ name: `Coupon ${code}`, kind: 'percentage', percent: '10', code, ...extra });
const quote = (couponCode?: string, customerId?: string) =>
  pricing.request('POST', '/internal/quotes', {
    headers: internal,
    payload: {
      currency: 'USD',
      destination: { country: 'US', subdivision: 'CA' },
      shippingOption: 'express',
      lines: [{ sku: 'MUG-1', unitPrice: 1000, quantity: 2 }],
      ...(couponCode ? { couponCode } : {}),
      ...(customerId ? { customerId } : {}),
    },
  });
const redeem = (promotionId: string, orderId: string = randomUUID(), customerId?: string) =>
  pricing.request('POST', '/internal/redemptions', {
    headers: internal,
    payload: { orderId, ...(customerId ? { customerId } : {}), promotions: [{ promotionId, amount: 200 }] },
  });
const release = (orderId: string) =>
  pricing.request('POST', `/internal/redemptions/${orderId}/release`, { headers: internal });
const usage = async (id: string) =>
  (await pricing.request('GET', `/admin/promotions/${id}/usage`, { token: pricing.admin })).json();

describe('admin promotions', () => {
  it('creates once when the same key and body are sent twice at once', async () => {
    const body = { name: 'Ten off', kind: 'fixed', amount: 1000, currency: 'USD', code: 'TENOFF' };
    const [a, b] = await Promise.all([
      create(body, { 'idempotency-key': 'k-ten' }),
      create(body, { 'idempotency-key': 'k-ten' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    const list = (await pricing.request('GET', '/admin/promotions', { token: pricing.admin })).json();
    expect(list.promotions.filter((p: { code?: string }) => p.code === 'TENOFF')).toHaveLength(1);
  });

  it('lets one of two admins creating the same code (in another case) at once have it: 409 coupon-code-taken', async () => {
    const answers = await Promise.all([coupon('Spring'), coupon('SPRING')]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().type).toMatch(/coupon-code-taken$/);
  });

  it.each([
    [{ name: 'x', kind: 'percentage' }, 'body.percent'],
    [{ name: 'x', kind: 'percentage', percent: '10', amount: 5 }, 'body.amount'],
    [{ name: 'x', kind: 'fixed', amount: 500 }, 'body.currency'],
    [{ name: 'x', kind: 'buy_x_get_y', buyQuantity: 2 }, 'body.getQuantity'],
    [{ name: 'x', kind: 'free_shipping', minSubtotal: 5000 }, 'body.currency'],
    [
      { name: 'x', kind: 'free_shipping', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
      'body.endsAt',
    ],
    [{ name: 'x', kind: 'free_shipping', code: 'no spaces' }, 'body.code'],
    [{ name: 'x', kind: 'cashback' }, 'body.kind'],
    [{ name: 'x', kind: 'percentage', percent: '0' }, 'body.percent'],
    [{ name: 'x', kind: 'fixed', amount: 0, currency: 'USD' }, 'body.amount'],
    [{ name: 'x', kind: 'fixed', amount: 100, currency: 'XYZ' }, 'body.currency'],
  ])('refuses %j naming %s, creating nothing', async (body, field) => {
    const before = (await pricing.request('GET', '/admin/promotions', { token: pricing.admin })).json();
    const res = await create(body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(res)).toContain(field);
    const after = (await pricing.request('GET', '/admin/promotions', { token: pricing.admin })).json();
    expect(after.promotions).toHaveLength(before.promotions.length);
  });

  it('refuses shoppers', async () => {
    const res = await pricing.request('GET', '/admin/promotions', { token: pricing.customer });
    expect(res.statusCode).toBe(403);
  });

  it('changes, pauses and resumes a promotion; a paused coupon is refused with its reason', async () => {
    const id = (await coupon('Pausable')).json().id;
    const patched = await pricing.request('PATCH', `/admin/promotions/${id}`, {
      token: pricing.admin,
      payload: { percent: '25', usageLimit: 5 },
    });
    expect(patched.json()).toMatchObject({ percent: '25', usageLimit: 5 });
    const wrongField = await pricing.request('PATCH', `/admin/promotions/${id}`, {
      token: pricing.admin,
      payload: { amount: 100 },
    });
    expect(fieldsOf(wrongField)).toEqual(['body.amount']);
    // 25 % of 20.00.
    expect((await quote('pausable')).json().discount).toBe(500);
    const paused = await Promise.all(
      [1, 2].map(() => pricing.request('POST', `/admin/promotions/${id}/pause`, { token: pricing.admin })),
    );
    expect(paused.map((r) => r.json().status)).toEqual(['paused', 'paused']);
    const refused = await quote('PAUSABLE');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ reason: 'not-applicable', field: 'couponCode' });
    await pricing.request('POST', `/admin/promotions/${id}/resume`, { token: pricing.admin });
    expect((await quote('Pausable')).statusCode).toBe(200);
  });

  it('refuses a usage limit below the uses orders hold with 409', async () => {
    const id = (await coupon('Lowered')).json().id;
    await redeem(id);
    await redeem(id);
    const res = await pricing.request('PATCH', `/admin/promotions/${id}`, {
      token: pricing.admin,
      payload: { usageLimit: 1 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toMatch(/usage-limit-below-used$/);
    expect((await usage(id)).used).toBe(2);
  });

  it('keeps a promotion ending after it starts when two admins move its dates at once', async () => {
    const id = (
      await coupon('DATED', { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-12-31T00:00:00Z' })
    ).json().id;
    const patch = (payload: object) =>
      pricing.request('PATCH', `/admin/promotions/${id}`, { token: pricing.admin, payload });
    const answers = await Promise.all([
      patch({ startsAt: '2030-10-01T00:00:00Z' }),
      patch({ endsAt: '2030-03-01T00:00:00Z' }),
    ]);
    // Each alone is in order; whichever comes second is refused (400 when it saw the first, 409
    // when the database did).
    expect(answers.map((r) => r.statusCode).filter((s) => s === 200)).toHaveLength(1);
    expect(answers.some((r) => r.statusCode === 400 || r.statusCode === 409)).toBe(true);
    const stored = (await pricing.request('GET', `/admin/promotions/${id}`, { token: pricing.admin })).json();
    expect(Date.parse(stored.startsAt)).toBeLessThan(Date.parse(stored.endsAt));
  });

  it('answers 404 for a promotion that does not exist', async () => {
    const res = await pricing.request('GET', `/admin/promotions/${randomUUID()}`, { token: pricing.admin });
    expect(res.statusCode).toBe(404);
  });
});

describe('coupons in quotes', () => {
  it('applies a coupon typed in any case, listing it and each line share', async () => {
    const id = (await coupon('Welcome')).json().id;
    const q = (await quote('wElCoMe')).json();
    // 10 % of 20.00 = 200; 1800 × 7.25 % = 130.5 → 131; express 14.95 flat.
    expect(q.promotions).toEqual([
      { promotionId: id, name: 'Coupon Welcome', kind: 'percentage', code: 'Welcome', amount: 200 },
    ]);
    expect(q.lines[0]).toMatchObject({ subtotal: 2000, discount: 200, tax: 131 });
    expect(q).toMatchObject({
      subtotal: 2000,
      discount: 200,
      tax: 131,
      total: 2000 - 200 + q.shipping.amount + 131,
    });
  });

  it.each([
    ['NOSUCHCODE', {}, 'unknown-code'],
    ['OLDNEWS', { startsAt: '2020-01-01T00:00:00Z', endsAt: '2021-01-01T00:00:00Z' }, 'expired'],
    ['LATER', { startsAt: '2099-01-01T00:00:00Z' }, 'not-started'],
    ['EUROS', { kind: 'fixed', percent: undefined, amount: 500, currency: 'EUR' }, 'not-applicable'],
  ])('refuses %s with 422 coupon-%s naming couponCode', async (code, extra, reason) => {
    if (reason !== 'unknown-code') expect((await coupon(code, extra)).statusCode).toBe(201);
    const res = await quote(code);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: expect.stringMatching(new RegExp(`coupon-${reason}$`)),
      reason,
      field: 'couponCode',
    });
  });

  it('refuses a used-up coupon at quote time, and one a customer used as often as allowed', async () => {
    const total = (await coupon('ONCEONLY', { usageLimit: 1 })).json().id;
    await redeem(total);
    expect((await quote('onceonly')).json().reason).toBe('limit-reached');
    const perCustomer = (await coupon('ONEEACH', { perCustomerLimit: 1 })).json().id;
    await redeem(perCustomer, randomUUID(), 'customer-1');
    expect((await quote('ONEEACH', 'customer-1')).json().reason).toBe('limit-reached');
    expect((await quote('ONEEACH', 'customer-2')).statusCode).toBe(200);
  });
});

describe('redemptions', () => {
  it('admits exactly 20 of 200 simultaneous checkouts to a coupon limited to 20; released uses come back', async () => {
    const id = (await coupon('TWENTY', { usageLimit: 20 })).json().id;
    const orders = Array.from({ length: 200 }, () => randomUUID());
    const answers = await Promise.all(orders.map((orderId) => redeem(id, orderId)));
    const won = orders.filter((_, i) => answers[i]!.statusCode === 200);
    expect(won).toHaveLength(20);
    const refused = answers.filter((r) => r.statusCode !== 200);
    expect(refused).toHaveLength(180);
    for (const res of refused) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ promotionId: id, reason: 'limit-reached' });
    }
    expect(await usage(id)).toMatchObject({ used: 20, usageLimit: 20, remaining: 0, discounted: 20 * 200 });

    // A winner's retry changes nothing; five failed checkouts give their uses back, twice at once.
    expect((await redeem(id, won[0])).statusCode).toBe(200);
    const released = won.slice(0, 5);
    await Promise.all([...released, ...released].map(release));
    expect((await usage(id)).used).toBe(15);
    const again = await Promise.all(
      orders
        .slice(0, 50)
        .filter((o) => !won.includes(o))
        .map((o) => redeem(id, o)),
    );
    expect(again.filter((r) => r.statusCode === 200)).toHaveLength(5);
    expect((await usage(id)).used).toBe(20);
  });

  it('counts one use when the same order redeems twice at once', async () => {
    const id = (await coupon('TWICE', { usageLimit: 3 })).json().id;
    const orderId = randomUUID();
    const answers = await Promise.all([redeem(id, orderId), redeem(id, orderId)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    expect((await usage(id)).used).toBe(1);
  });

  it("answers every one of an order's simultaneous redemptions of the last use, and counts it once", async () => {
    const id = (await coupon('LASTONE', { usageLimit: 1 })).json().id;
    const orderId = randomUUID();
    const answers = await Promise.all([redeem(id, orderId), redeem(id, orderId), redeem(id, orderId)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await usage(id)).toMatchObject({ used: 1, remaining: 0 });
    expect((await redeem(id)).statusCode).toBe(409);
  });

  it('holds a per-customer limit and a total limit together, and lets other customers in', async () => {
    const id = (await coupon('BOTHLIMITS', { usageLimit: 3, perCustomerLimit: 1 })).json().id;
    const answers = await Promise.all([
      redeem(id, randomUUID(), 'cust-b'),
      redeem(id, randomUUID(), 'cust-b'),
      redeem(id, randomUUID(), 'cust-c'),
      redeem(id, randomUUID()),
      redeem(id, randomUUID()),
    ]);
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(2);
    expect((await usage(id)).used).toBe(3);
  });

  it('refuses a redemption that arrives after its order released, and keeps no use for it', async () => {
    const id = (await coupon('LATECOMER', { usageLimit: 5 })).json().id;
    const orderId = randomUUID();
    expect((await release(orderId)).statusCode).toBe(200);
    const late = await redeem(id, orderId);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ type: expect.stringContaining('redemption-released') });
    expect((await usage(id)).used).toBe(0);
  });

  it('leaves no use behind when an order redeems and releases at once', async () => {
    const id = (await coupon('RACEDOWN', { usageLimit: 50 })).json().id;
    const orders = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all(orders.flatMap((orderId) => [redeem(id, orderId), release(orderId)]));
    expect((await usage(id)).used).toBe(0);
  });

  it('holds a per-customer limit of 1 against two of their checkouts at once', async () => {
    const id = (await coupon('MINEONCE', { perCustomerLimit: 1 })).json().id;
    const answers = await Promise.all([
      redeem(id, randomUUID(), 'cust-a'),
      redeem(id, randomUUID(), 'cust-a'),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await usage(id)).used).toBe(1);
  });

  it('keeps none of the uses of a redemption refused for one of its promotions', async () => {
    const open = (await coupon('OPENONE')).json().id;
    const full = (await coupon('FULLONE', { usageLimit: 1 })).json().id;
    await redeem(full);
    const res = await pricing.request('POST', '/internal/redemptions', {
      headers: internal,
      payload: {
        orderId: randomUUID(),
        promotions: [
          { promotionId: open, amount: 100 },
          { promotionId: full, amount: 100 },
        ],
      },
    });
    expect(res.statusCode).toBe(409);
    expect((await usage(open)).used).toBe(0);
  });
});
