// Shipping and tax rules, in integer minor units. Prices in the catalog exclude tax.
//   Shipping: standard 495 (free from a 5000 subtotal), express 1495.
//   Tax: the destination country's standard rate (basis points) on subtotal + shipping, rounded
//   half up to the minor unit; countries not listed are charged no tax.
import type { ShippingMethod } from '@emporium/contracts/order';

export const SHIPPING_RATES = { standard: 495, express: 1495 } as const;
export const FREE_STANDARD_SHIPPING_FROM = 5000;

export const TAX_RATES_BASIS_POINTS: Record<string, number> = {
  AT: 2000,
  BE: 2100,
  CA: 500,
  DE: 1900,
  ES: 2100,
  FR: 2000,
  GB: 2000,
  IE: 2300,
  IT: 2200,
  NL: 2100,
  SE: 2500,
  US: 0,
};

export interface Totals {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
}

export function shippingFor(method: ShippingMethod, subtotal: number): number {
  if (method === 'standard' && subtotal >= FREE_STANDARD_SHIPPING_FROM) return 0;
  return SHIPPING_RATES[method];
}

export function taxFor(country: string, taxable: number): number {
  const basisPoints = TAX_RATES_BASIS_POINTS[country] ?? 0;
  return Math.floor((taxable * basisPoints + 5000) / 10_000);
}

export function computeTotals(
  lines: { unitPrice: number; quantity: number }[],
  method: ShippingMethod,
  country: string,
): Totals {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const shipping = shippingFor(method, subtotal);
  const tax = taxFor(country, subtotal + shipping);
  return { subtotal, shipping, tax, total: subtotal + shipping + tax };
}
