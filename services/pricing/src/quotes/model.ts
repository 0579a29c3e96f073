// What a quote is computed from and what it answers: amounts are integers of the region's
// currency's minor unit, rates are percent strings (money/rates.ts).
import type { LinePriceList } from '../price-lists/model.js';

export type TaxClass = 'standard' | 'reduced' | 'zero';

export interface QuoteRegion {
  id: string;
  currency: string;
  /** Prices (lines and shipping) already hold their tax (EU VAT) or have it added (US). */
  taxInclusive: boolean;
  taxOnShipping: boolean;
}

export interface Destination {
  country: string;
  /** ISO 3166-2 subdivision code without the country, e.g. CA for California. */
  subdivision?: string;
}

export interface QuoteLineInput {
  sku: string;
  unitPrice: number;
  quantity: number;
  taxClass: TaxClass;
  /** Per unit; 0 when unknown (weight bands then see only the lines that carry one). */
  weightGrams: number;
  /** What promotion targets match on; absent when the caller does not know it. */
  productId?: string;
  categories?: string[];
  brand?: string;
}

export interface WeightBand {
  /** The heaviest cart this band carries, inclusive. */
  upToGrams: number;
  amount: number;
}

export type ShippingRule =
  | { kind: 'flat'; amount: number }
  | { kind: 'free_over'; amount: number; freeFrom: number }
  | { kind: 'weight_bands'; bands: WeightBand[] }
  | { kind: 'pickup' };

export interface QuoteShippingOption {
  id: string;
  code: string;
  name: string;
  taxClass: TaxClass;
  rule: ShippingRule;
}

export interface AppliedRate {
  /** The country, or country-subdivision (US-CA), whose rate applied. */
  jurisdiction: string;
  taxClass: TaxClass;
  rate: string;
  name: string;
}

export interface QuotedLine {
  sku: string;
  quantity: number;
  /** What one unit costs this shopper: the catalog price or a lower price list price. */
  unitPrice: number;
  /** The catalog price the caller sent. */
  listPrice: number;
  /** The price list that set unitPrice, when one did. */
  priceList?: LinePriceList;
  subtotal: number;
  taxClass: TaxClass;
  /** The line's share of the promotions; tax is on subtotal − discount. */
  discount: number;
  tax: number;
  rate: AppliedRate;
}

export interface QuotedShipping {
  optionId: string;
  code: string;
  name: string;
  /** Before discount. */
  amount: number;
  /** Waived by a free-shipping promotion; tax is on amount − discount. */
  discount: number;
  tax: number;
  rate?: AppliedRate;
}

export interface QuotedPromotion {
  promotionId: string;
  name: string;
  kind: string;
  code?: string;
  /** What it took off, lines and shipping together. */
  amount: number;
}

export interface ComputedQuote {
  regionId: string;
  currency: string;
  taxInclusive: boolean;
  destination: Destination;
  lines: QuotedLine[];
  subtotal: number;
  shipping: QuotedShipping;
  /** Every line's discount plus shipping's: total = subtotal + shipping.amount − discount (+ tax). */
  discount: number;
  /** Tax of the lines plus tax of shipping: added to the total, or held in it when inclusive. */
  tax: number;
  total: number;
  /** Every rate the quote used, once each. */
  rates: AppliedRate[];
  promotions: QuotedPromotion[];
}
