// The hand-computed quotes of quote-cases.ts through the service's HTTP API: the same regions,
// rates and shipping options are set up by the admin routes (the seeded regions removed first, so
// the rate table is exactly the cases'), and each case is asked of POST /internal/quotes. The
// engine test checks the arithmetic; this checks that the routes, the repositories and the
// region's settings as stored reach it unchanged.
import type { NewShippingOption } from '@emporium/contracts/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ppmToPercent } from '../src/money/rates.js';
import type { QuoteRegion, QuoteShippingOption } from '../src/quotes/model.js';
import { type PricingHarness, startPricingHarness } from './harness.js';
import { CASES, type Case, RATES } from './quote-cases.js';

const INTERNAL_TOKEN = 'pricing-cases-internal-token-0123456789';

let pricing: PricingHarness;
/** The one region per currency the cases' regions become, by currency. */
const regionIds = new Map<string, string>();

async function admin(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await pricing.request(method, url, { token: pricing.admin, ...(payload && { payload }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json();
}

/** Every shipping option the cases name, each once, by the currency of the regions using it. */
function optionsByCurrency(): Map<string, QuoteShippingOption[]> {
  const found = new Map<string, Map<string, QuoteShippingOption>>();
  for (const c of CASES) {
    const options = found.get(c.region.currency) ?? new Map();
    options.set(c.shipping.code, c.shipping);
    found.set(c.region.currency, options);
  }
  return new Map([...found].map(([currency, options]) => [currency, [...options.values()]]));
}

beforeAll(async () => {
  pricing = await startPricingHarness({ INTERNAL_TOKEN });
  const seeded = (await pricing.request('GET', '/admin/regions', { token: pricing.admin })).json();
  for (const region of seeded.regions as { id: string }[])
    await admin('DELETE', `/admin/regions/${region.id}`);
  const countriesOf = (currency: string) => [
    ...new Set(CASES.filter((c) => c.region.currency === currency).map((c) => c.to.split('-')[0]!)),
  ];
  for (const [currency, options] of optionsByCurrency()) {
    const countries = countriesOf(currency);
    const created = await admin('POST', '/admin/regions', {
      code: currency.toLowerCase(),
      name: `Cases in ${currency}`,
      currency,
      countries,
      taxInclusive: false,
      taxOnShipping: false,
      returnWindowDays: 30,
    });
    regionIds.set(currency, created.id);
    for (const rate of RATES.filter((r) => countries.includes(r.country))) {
      await admin('POST', `/admin/regions/${created.id}/tax-rates`, {
        country: rate.country,
        ...(rate.subdivision && { subdivision: rate.subdivision }),
        taxClass: rate.taxClass,
        rate: ppmToPercent(rate.ratePpm),
        name: rate.name,
      });
    }
    for (const option of options) {
      const body: NewShippingOption = {
        code: option.code,
        name: option.name,
        taxClass: option.taxClass,
        rule: option.rule,
      };
      await admin('POST', `/admin/regions/${created.id}/shipping-options`, body);
    }
  }
}, 60_000);
afterAll(() => pricing?.close());

/** The cases by the region they are priced in: its settings are set once before its cases run. */
const byRegion = new Map<QuoteRegion, Case[]>();
for (const c of CASES) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c]);

describe('hand-computed quotes through POST /internal/quotes', () => {
  it('checks at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  for (const [region, cases] of byRegion) {
    describe(`${region.id}: prices ${region.taxInclusive ? 'include' : 'exclude'} tax, shipping ${region.taxOnShipping ? '' : 'un'}taxed`, () => {
      beforeAll(async () => {
        await admin('PATCH', `/admin/regions/${regionIds.get(region.currency)}`, {
          taxInclusive: region.taxInclusive,
          taxOnShipping: region.taxOnShipping,
        });
      });

      it.each(cases)('$name', async (c) => {
        const [country, subdivision] = c.to.split('-');
        const res = await pricing.request('POST', '/internal/quotes', {
          headers: { 'x-internal-token': INTERNAL_TOKEN },
          payload: {
            currency: c.region.currency,
            destination: { country, ...(subdivision && { subdivision }) },
            shippingOption: c.shipping.code,
            lines: c.lines.map(([unitPrice, quantity, taxClass = 'standard', weightGrams = 0], i) => ({
              sku: `SKU-${i}`,
              unitPrice,
              quantity,
              taxClass,
              weightGrams,
            })),
          },
        });
        expect(res.statusCode, res.body).toBe(200);
        const q = res.json();
        const subtotal = c.lines.reduce((sum, [unit, quantity]) => sum + unit * quantity, 0);
        expect(q.lines.map((line: { tax: number }) => line.tax)).toEqual(c.lineTaxes);
        expect(q.subtotal).toBe(subtotal);
        expect(q.shipping.amount).toBe(c.shippingAmount);
        expect(q.shipping.tax).toBe(c.shippingTax);
        expect(q.tax).toBe(c.tax);
        expect(q.total).toBe(c.total);
        expect(q.currency).toBe(c.region.currency);
        expect(q.taxInclusive).toBe(c.region.taxInclusive);
        if (c.jurisdictions) {
          expect(q.rates.map((r: { jurisdiction: string }) => r.jurisdiction)).toEqual(c.jurisdictions);
        }
      });
    });
  }
});
