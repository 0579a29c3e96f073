// Price lists in POST /internal/quotes on the real PostgreSQL, against the seeded
// regions: the same hand-computed rule as price-list-engine.test.ts (ADR 0017), and a list
// changed while quotes are taken prices each quote wholly by the old or wholly by the new entries.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PricingHarness, startPricingHarness } from './harness.js';
import { type SeededPriceLists, seedPriceLists } from './price-list-fixture.js';

const INTERNAL_TOKEN = 'pricing-test-internal-token-0123456789';

let pricing: PricingHarness;
const member = randomUUID();
const outsider = randomUUID();
let lists: SeededPriceLists['listIds'];

const admin = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  pricing.request(method, url, { token: pricing.admin, ...(payload ? { payload } : {}) });
const createList = async (payload: object) => {
  const res = await admin('POST', '/admin/price-lists', payload);
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  pricing = await startPricingHarness({ INTERNAL_TOKEN });
  ({ listIds: lists } = await seedPriceLists(pricing, { trade: [member], other: [outsider] }));
  const coupon = await admin('POST', '/admin/promotions', {
    name: 'Ten percent',
    kind: 'percentage',
    percent: '10',
    code: 'TEN',
  });
  expect(coupon.statusCode).toBe(201);
});
afterAll(() => pricing.close());

const quote = (payload: object) =>
  pricing.request('POST', '/internal/quotes', { payload, headers: { 'x-internal-token': INTERNAL_TOKEN } });

interface Case {
  name: string;
  customerId?: string;
  sku?: string;
  catalog?: number;
  quantity: number;
  us?: boolean;
  couponCode?: string;
  unitPrice: number;
  priceList?: () => string;
  subtotal: number;
  discount?: number;
  tax: number;
  total: number;
}

// DE: VAT held in the prices (19 %), pickup costs nothing. US-CA: 7.25 % added, standard shipping
// free from 50.00. Each amount worked out by hand, as in price-list-engine.test.ts.
const CASES: Case[] = [
  {
    name: 'a guest gets the sale for everyone',
    quantity: 1,
    unitPrice: 950,
    priceList: () => lists.sale,
    subtotal: 950,
    tax: 152,
    total: 950,
  },
  {
    name: 'a member gets the group price',
    customerId: member,
    quantity: 1,
    unitPrice: 900,
    priceList: () => lists.trade,
    subtotal: 900,
    tax: 144,
    total: 900,
  },
  {
    name: 'a member of another group does not',
    customerId: outsider,
    quantity: 50,
    unitPrice: 950,
    priceList: () => lists.sale,
    subtotal: 47500,
    tax: 7584,
    total: 47500,
  },
  {
    name: 'one below the 10-unit tier',
    customerId: member,
    quantity: 9,
    unitPrice: 900,
    priceList: () => lists.trade,
    subtotal: 8100,
    tax: 1293,
    total: 8100,
  },
  {
    name: 'exactly at the 10-unit tier',
    customerId: member,
    quantity: 10,
    unitPrice: 800,
    priceList: () => lists.trade,
    subtotal: 8000,
    tax: 1277,
    total: 8000,
  },
  {
    name: 'exactly at the 50-unit tier',
    customerId: member,
    quantity: 50,
    unitPrice: 700,
    priceList: () => lists.trade,
    subtotal: 35000,
    tax: 5588,
    total: 35000,
  },
  {
    name: 'a SKU only the sale prices',
    sku: 'HAT',
    catalog: 2000,
    quantity: 1,
    unitPrice: 1500,
    priceList: () => lists.sale,
    subtotal: 1500,
    tax: 239,
    total: 1500,
  },
  {
    name: 'a catalog price below every list',
    catalog: 900,
    quantity: 1,
    unitPrice: 900,
    subtotal: 900,
    tax: 144,
    total: 900,
  },
  // Lists out of their dates or in draft (400, 500, 300) do not count.
  {
    name: 'lists out of their dates or drafts are ignored',
    quantity: 1,
    unitPrice: 950,
    priceList: () => lists.sale,
    subtotal: 950,
    tax: 152,
    total: 950,
  },
  {
    name: 'the region currency’s entry, tax added',
    us: true,
    customerId: member,
    catalog: 1100,
    quantity: 10,
    unitPrice: 850,
    priceList: () => lists.trade,
    subtotal: 8500,
    tax: 616,
    total: 9116,
  },
  {
    name: 'a coupon on top of the tier price',
    customerId: member,
    quantity: 10,
    couponCode: 'TEN',
    unitPrice: 800,
    priceList: () => lists.trade,
    subtotal: 8000,
    discount: 800,
    tax: 1150,
    total: 7200,
  },
];

describe('quotes with price lists', () => {
  it.each(CASES)('$name', async (c) => {
    const res = await quote({
      currency: c.us ? 'USD' : 'EUR',
      destination: c.us ? { country: 'US', subdivision: 'CA' } : { country: 'DE' },
      shippingOption: c.us ? 'standard' : 'pickup',
      lines: [{ sku: c.sku ?? 'MUG', unitPrice: c.catalog ?? 1000, quantity: c.quantity }],
      ...(c.customerId ? { customerId: c.customerId } : {}),
      ...(c.couponCode ? { couponCode: c.couponCode } : {}),
    });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q.lines[0]).toMatchObject({
      unitPrice: c.unitPrice,
      listPrice: c.catalog ?? 1000,
      subtotal: c.subtotal,
      tax: c.tax,
    });
    expect(q.lines[0].priceList?.id).toBe(c.priceList?.());
    expect(q).toMatchObject({ subtotal: c.subtotal, discount: c.discount ?? 0, tax: c.tax, total: c.total });
    expect(q.shipping.amount).toBe(0);
  });

  it('prices every quote taken while a list changes wholly by one version of its entries', async () => {
    const race = await createList({
      name: 'Race',
      type: 'sale',
      status: 'active',
      entries: [
        { sku: 'RACE-A', currency: 'EUR', amount: 500 },
        { sku: 'RACE-B', currency: 'EUR', amount: 500 },
      ],
    });
    const amounts = [400, 300, 200, 100];
    const changes = (async () => {
      for (const [index, amount] of amounts.entries()) {
        const res = await admin('PATCH', `/admin/price-lists/${race}`, {
          version: index + 1,
          entries: [
            { sku: 'RACE-A', currency: 'EUR', amount },
            { sku: 'RACE-B', currency: 'EUR', amount },
          ],
        });
        expect(res.statusCode).toBe(200);
      }
    })();
    const quotes = Promise.all(
      Array.from({ length: 24 }, () =>
        quote({
          currency: 'EUR',
          destination: { country: 'DE' },
          shippingOption: 'pickup',
          lines: [
            { sku: 'RACE-A', unitPrice: 1000, quantity: 1 },
            { sku: 'RACE-B', unitPrice: 1000, quantity: 1 },
          ],
        }),
      ),
    );
    const [, answers] = await Promise.all([changes, quotes]);
    for (const res of answers) {
      expect(res.statusCode).toBe(200);
      const [a, b] = res.json().lines;
      // Entries replaced one at a time would let a quote see A at the new price and B at the old.
      expect(a.unitPrice).toBe(b.unitPrice);
      expect([500, ...amounts]).toContain(a.unitPrice);
    }
  });
});
