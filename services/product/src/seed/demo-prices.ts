// The demo catalog's prices outside USD: converted at a fixed rate, then moved up to a price point
// a shop would print (x.99 below 100, x4.99/x9.99 above), so a German shopper sees 46,99 €
// rather than 46,54 €. Amounts are minor units; every demo currency has two decimals.
import type { Money } from '@emporium/contracts';

/** Rough rates from USD, fixed so the seed stays deterministic. */
const FROM_USD = { EUR: 0.93, GBP: 0.79 } as const;

function pricePoint(minor: number): number {
  const major = minor / 100;
  const step = major < 100 ? 1 : 5;
  return Math.ceil(major / step) * step * 100 - 1;
}

/** The variant's price in USD and its converted EUR and GBP price points. */
export function demoPrices(usd: number): Money[] {
  return [
    { amount: usd, currency: 'USD' },
    ...Object.entries(FROM_USD).map(([currency, rate]) => ({
      amount: pricePoint(Math.round((usd + 1) * rate)),
      currency,
    })),
  ];
}
