// The port tax is computed behind. The built-in provider reads the service's own rate table
// (rate-table-tax-provider.ts); an external engine (Avalara, Stripe Tax) can implement the same
// port, and the quote engine around it (subtotals, shipping, totals) stays as it is.
import type { AppliedRate, Destination, TaxClass } from './model.js';
import type { TaxRate } from './rate-table-tax-provider.js';

export interface TaxableItem {
  /** The caller's name for the item (a line's SKU, or `shipping`), echoed in the answer. */
  ref: string;
  amount: number;
  taxClass: TaxClass;
}

export interface TaxRequest {
  destination: Destination;
  currency: string;
  /** The amounts hold their tax (take it out) or exclude it (add it). */
  pricesIncludeTax: boolean;
  items: TaxableItem[];
}

export interface ItemTax {
  ref: string;
  /** Rounded to the minor unit, once per item. */
  tax: number;
  rate: AppliedRate;
}

export interface TaxProvider {
  /** One answer per item, in the order of request.items. */
  calculate(request: TaxRequest): Promise<ItemTax[]>;
  /**
   * Set by the provider that prices from this service's own rate table: a quote reads the
   * destination's rates in the statement that reads its region, and the provider this returns
   * prices from those rates without another round trip. An external engine leaves it unset.
   */
  withRates?(rates: TaxRate[]): TaxProvider;
}
