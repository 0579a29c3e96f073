// The quote engine against the hand-computed cases of quote-cases.ts, and what only the engine
// shows: each rate reported once, refusals, a replaceable tax provider.
import { HttpProblem } from '@emporium/platform';
import { describe, expect, it } from 'vitest';
import { computeQuote } from '../src/quotes/quote-engine.js';
import { rateTableTaxProvider } from '../src/quotes/rate-table-tax-provider.js';
import { BANDS, CASES, type Case, EU, FLAT, RATES, US } from './quote-cases.js';

const taxes = rateTableTaxProvider(async () => RATES);

function destination(to: string) {
  const [country, subdivision] = to.split('-') as [string, string | undefined];
  return subdivision ? { country, subdivision } : { country };
}

function quote(c: Pick<Case, 'region' | 'to' | 'lines' | 'shipping'>) {
  return computeQuote(
    {
      region: c.region,
      destination: destination(c.to),
      shipping: c.shipping,
      lines: c.lines.map(([unitPrice, quantity, taxClass = 'standard', weightGrams = 0], i) => ({
        sku: `SKU-${i}`,
        unitPrice,
        quantity,
        taxClass,
        weightGrams,
      })),
    },
    taxes,
  );
}

describe('quote engine', () => {
  it('has at least 40 hand-computed cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name', async (c) => {
    const q = await quote(c);
    const subtotal = c.lines.reduce((sum, [unit, quantity]) => sum + unit * quantity, 0);
    expect(q.lines.map((line) => line.tax)).toEqual(c.lineTaxes);
    expect(q.subtotal).toBe(subtotal);
    expect(q.shipping.amount).toBe(c.shippingAmount);
    expect(q.shipping.tax).toBe(c.shippingTax);
    expect(q.tax).toBe(c.tax);
    expect(q.total).toBe(c.total);
    expect(q.currency).toBe(c.region.currency);
    if (c.jurisdictions) expect(q.rates.map((r) => r.jurisdiction)).toEqual(c.jurisdictions);
  });

  it('reports each rate it used once, shipping included', async () => {
    const q = await quote({
      region: EU,
      to: 'DE',
      lines: [
        [1000, 1],
        [500, 2],
        [300, 1, 'reduced'],
      ],
      shipping: FLAT,
    });
    expect(q.rates).toEqual([
      { jurisdiction: 'DE', taxClass: 'standard', rate: '19', name: 'DE standard' },
      { jurisdiction: 'DE', taxClass: 'reduced', rate: '7', name: 'DE reduced' },
    ]);
    expect(q.shipping.rate).toEqual(q.rates[0]);
  });

  it('refuses a destination without a rate for the class, naming it', async () => {
    const refusal = await quote({ region: EU, to: 'IT', lines: [[1000, 1]], shipping: FLAT }).catch((e) => e);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal.status).toBe(422);
    expect(refusal.slug).toBe('tax-rate-missing');
    expect(refusal.detail).toContain('IT');
  });

  it('refuses a cart heavier than the heaviest band', async () => {
    const refusal = await quote({
      region: US,
      to: 'US-CA',
      lines: [[100, 1, 'standard', 20001]],
      shipping: BANDS,
    }).catch((e) => e);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal.slug).toBe('shipping-unavailable');
  });

  it('asks the tax provider it is given, so another engine can replace the rate table', async () => {
    const q = await computeQuote(
      {
        region: US,
        destination: { country: 'US', subdivision: 'CA' },
        shipping: FLAT,
        lines: [{ sku: 'A', unitPrice: 1000, quantity: 1, taxClass: 'standard', weightGrams: 0 }],
      },
      {
        async calculate(request) {
          return request.items.map((item) => ({
            ref: item.ref,
            tax: 42,
            rate: { jurisdiction: 'US-CA-LA', taxClass: item.taxClass, rate: '4.2', name: 'external' },
          }));
        },
      },
    );
    expect(q.tax).toBe(42);
    expect(q.total).toBe(1000 + 495 + 42);
    expect(q.rates[0]?.jurisdiction).toBe('US-CA-LA');
  });
});
