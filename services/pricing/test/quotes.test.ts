// POST /internal/quotes against the seeded regions: the region is the destination's, its rates
// and shipping options price the cart, and what cannot be priced is refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type PricingHarness, startPricingHarness } from './harness.js';

const INTERNAL_TOKEN = 'pricing-test-internal-token-0123456789';

describe('quotes', () => {
  let pricing: PricingHarness;
  beforeAll(async () => {
    pricing = await startPricingHarness({ INTERNAL_TOKEN });
  });
  afterAll(() => pricing.close());

  const quote = (payload: object, token = INTERNAL_TOKEN) =>
    pricing.request('POST', '/internal/quotes', { payload, headers: { 'x-internal-token': token } });

  it('adds California sales tax to a US cart; shipping is free from $50 and untaxed', async () => {
    const res = await quote({
      currency: 'USD',
      destination: { country: 'US', subdivision: 'CA' },
      shippingOption: 'standard',
      lines: [
        { sku: 'MUG-1', unitPrice: 1999, quantity: 2 },
        { sku: 'BOOK-1', unitPrice: 1200, quantity: 1, taxClass: 'zero' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    // 3998 × 7.25% = 289.855 → 290; the zero-rated book owes nothing; 5198 ≥ 5000 ships free.
    expect(q.lines.map((l: { subtotal: number; tax: number }) => [l.subtotal, l.tax])).toEqual([
      [3998, 290],
      [1200, 0],
    ]);
    expect(q).toMatchObject({ currency: 'USD', taxInclusive: false, subtotal: 5198, tax: 290, total: 5488 });
    expect(q.shipping).toMatchObject({ code: 'standard', amount: 0, tax: 0 });
    expect(q.rates).toEqual([
      { jurisdiction: 'US-CA', taxClass: 'standard', rate: '7.25', name: 'California sales tax' },
      { jurisdiction: 'US', taxClass: 'zero', rate: '0', name: 'Zero rated' },
    ]);
  });

  it('shows German VAT held in the prices and on express shipping', async () => {
    const q = (
      await quote({
        currency: 'EUR',
        destination: { country: 'DE' },
        shippingOption: 'express',
        lines: [
          { sku: 'MUG-1', unitPrice: 1190, quantity: 1 },
          { sku: 'BOOK-1', unitPrice: 1070, quantity: 1, taxClass: 'reduced' },
        ],
      })
    ).json();
    // 1190 holds 190; 1070 holds 70 at 7%; 1495 shipping holds 238.7 → 239.
    expect(q.lines.map((l: { tax: number }) => l.tax)).toEqual([190, 70]);
    expect(q.shipping).toMatchObject({ amount: 1495, tax: 239 });
    expect(q).toMatchObject({ taxInclusive: true, subtotal: 2260, tax: 499, total: 3755 });
  });

  it('taxes a book at the seeded book rate of each destination', async () => {
    /** One reduced-class line of `unitPrice` to a destination: its tax and the rate applied. */
    const book = async (currency: string, destination: object, unitPrice: number) => {
      const res = await quote({
        currency,
        destination,
        shippingOption: 'standard',
        lines: [{ sku: 'BOOK-1', unitPrice, quantity: 1, taxClass: 'reduced' }],
      });
      expect(res.statusCode).toBe(200);
      const q = res.json();
      return { tax: q.lines[0].tax, rate: q.lines[0].rate.rate, name: q.lines[0].rate.name };
    };
    // VAT held in the price: 10.70 holds 0.70 at 7 %; 10.55 holds 0.55 at 5.5 %; 10.40 holds 0.40 at 4 %.
    expect(await book('EUR', { country: 'DE' }, 1070)).toEqual({
      tax: 70,
      rate: '7',
      name: 'MwSt. ermäßigt',
    });
    expect(await book('EUR', { country: 'FR' }, 1055)).toMatchObject({ tax: 55, rate: '5.5' });
    expect(await book('EUR', { country: 'IT' }, 1040)).toMatchObject({ tax: 40, rate: '4' });
    expect(await book('EUR', { country: 'ES' }, 1040)).toMatchObject({ tax: 40, rate: '4' });
    // Books are zero-rated in the UK.
    expect(await book('GBP', { country: 'GB' }, 1999)).toEqual({
      tax: 0,
      rate: '0',
      name: 'VAT zero rate (books)',
    });
    // California taxes books at its standard sales tax: 20.00 × 7.25 % adds 1.45.
    expect(await book('USD', { country: 'US', subdivision: 'CA' }, 2000)).toEqual({
      tax: 145,
      rate: '7.25',
      name: 'California sales tax',
    });
  });

  it('prices UK pickup at nothing', async () => {
    const q = (
      await quote({
        currency: 'GBP',
        destination: { country: 'GB' },
        shippingOption: 'pickup',
        lines: [{ sku: 'MUG-1', unitPrice: 1200, quantity: 1 }],
      })
    ).json();
    expect(q).toMatchObject({ subtotal: 1200, tax: 200, total: 1200, shipping: { amount: 0, tax: 0 } });
  });

  it('prices US freight by the weight of the cart', async () => {
    const q = (
      await quote({
        currency: 'USD',
        destination: { country: 'US', subdivision: 'OR' },
        shippingOption: 'freight',
        lines: [{ sku: 'ANVIL', unitPrice: 10000, quantity: 3, weightGrams: 2000 }],
      })
    ).json();
    expect(q).toMatchObject({ subtotal: 30000, tax: 0, total: 32495, shipping: { amount: 2495 } });
  });

  it.each([
    [{ destination: { country: 'JP' } }, 'country-not-served'],
    [{ currency: 'USD' }, 'currency-mismatch'],
    [{ shippingOption: 'freight' }, 'shipping-option-unavailable'],
  ])('refuses %j with 422 %s', async (change, slug) => {
    const res = await quote({
      currency: 'EUR',
      destination: { country: 'FR' },
      shippingOption: 'standard',
      lines: [{ sku: 'MUG-1', unitPrice: 1000, quantity: 1 }],
      ...change,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().type).toMatch(new RegExp(`${slug}$`));
  });

  it.each([
    [{ lines: [] }, 'body.lines'],
    [{ lines: [{ sku: 'A', unitPrice: 1000, quantity: 0 }] }, 'body.lines.0.quantity'],
    [{ lines: [{ sku: 'A', unitPrice: 10.5, quantity: 1 }] }, 'body.lines.0.unitPrice'],
    [{ lines: [{ sku: 'A', unitPrice: -1, quantity: 1 }] }, 'body.lines.0.unitPrice'],
    [{ destination: { country: 'FR', subdivision: 'île' } }, 'body.destination.subdivision'],
    [{ currency: 'eur' }, 'body.currency'],
  ])('refuses %j naming %s', async (change, field) => {
    const res = await quote({
      currency: 'EUR',
      destination: { country: 'FR' },
      shippingOption: 'standard',
      lines: [{ sku: 'MUG-1', unitPrice: 1000, quantity: 1 }],
      ...change,
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it('answers only callers holding the internal token', async () => {
    const res = await quote(
      {
        currency: 'EUR',
        destination: { country: 'FR' },
        shippingOption: 'standard',
        lines: [{ sku: 'MUG-1', unitPrice: 1000, quantity: 1 }],
      },
      'wrong-token',
    );
    expect(res.statusCode).toBe(401);
  });

  it('quotes with the rates in force: a changed rate prices the next quote', async () => {
    const body = {
      currency: 'EUR',
      destination: { country: 'NL' },
      shippingOption: 'pickup',
      lines: [{ sku: 'MUG-1', unitPrice: 1210, quantity: 1 }],
    };
    expect((await quote(body)).json().tax).toBe(210);
    const eu = (await pricing.request('GET', '/regions?country=NL')).json().regions[0];
    const detail = (await pricing.request('GET', `/admin/regions/${eu.id}`, { token: pricing.admin })).json();
    const nl = detail.taxRates.find(
      (r: { country: string; taxClass: string }) => r.country === 'NL' && r.taxClass === 'standard',
    );
    await pricing.request('PATCH', `/admin/regions/${eu.id}/tax-rates/${nl.id}`, {
      token: pricing.admin,
      payload: { rate: '10' },
    });
    // 1210 × 10 / 110 = 110.
    expect((await quote(body)).json().tax).toBe(110);
  });
});
