// The built-in TaxProvider: per-item tax from rates by country, subdivision and class. A
// subdivision's own rate wins over its country's; class `zero` never needs a rate. No rate found
// stops the quote (422) rather than charging no tax by accident (ADR 0012).
import { problems } from '@emporium/platform';
import { ppmToPercent } from '../money/rates.js';
import { taxInGross, taxOnNet } from '../money/rounding.js';
import type { AppliedRate, Destination, TaxClass } from './model.js';
import type { ItemTax, TaxProvider, TaxRequest } from './tax-provider.js';

export interface TaxRate {
  country: string;
  /** Empty for the country-wide rate. */
  subdivision: string;
  taxClass: TaxClass;
  ratePpm: number;
  name: string;
}

/** The rates that may apply to a destination (its country's and its subdivision's). */
export type RatesForDestination = (destination: Destination) => Promise<TaxRate[]>;

export function rateTableTaxProvider(ratesFor: RatesForDestination): TaxProvider {
  return {
    async calculate(request) {
      return taxFromRates(await ratesFor(request.destination), request);
    },
    withRates: (rates) => ({
      async calculate(request) {
        return taxFromRates(rates, request);
      },
    }),
  };
}

export function taxFromRates(rates: TaxRate[], request: TaxRequest): ItemTax[] {
  return request.items.map((item) => {
    const { ratePpm, applied } = rateFor(rates, request.destination, item.taxClass);
    const tax = request.pricesIncludeTax ? taxInGross(item.amount, ratePpm) : taxOnNet(item.amount, ratePpm);
    return { ref: item.ref, tax, rate: applied };
  });
}

function rateFor(
  rates: TaxRate[],
  { country, subdivision = '' }: Destination,
  taxClass: TaxClass,
): { ratePpm: number; applied: AppliedRate } {
  if (taxClass === 'zero') {
    return { ratePpm: 0, applied: { jurisdiction: country, taxClass, rate: '0', name: 'Zero rated' } };
  }
  const matching = (sub: string) =>
    rates.find((r) => r.country === country && r.subdivision === sub && r.taxClass === taxClass);
  const found = (subdivision ? matching(subdivision) : undefined) ?? matching('');
  if (!found) {
    const where = subdivision ? `${country}-${subdivision}` : country;
    throw problems.unprocessable(
      `No ${taxClass} tax rate is set for ${where}; an admin must add one before it can be sold there.`,
      'tax-rate-missing',
    );
  }
  return {
    ratePpm: found.ratePpm,
    applied: {
      jurisdiction: found.subdivision ? `${country}-${found.subdivision}` : country,
      taxClass,
      rate: ppmToPercent(found.ratePpm),
      name: found.name,
    },
  };
}
