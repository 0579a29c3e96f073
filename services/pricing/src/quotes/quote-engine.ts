// The quote: what a cart costs in a region, line by line. Pure apart from the tax provider it is
// given: subtotals, shipping, tax per line and on shipping, and the total, each rounded once
// (ADR 0012). Amounts are integers of the region's currency's minor unit.
import type {
  AppliedRate,
  ComputedQuote,
  Destination,
  QuoteLineInput,
  QuoteRegion,
  QuoteShippingOption,
} from './model.js';
import { shippingPrice } from './shipping-price.js';
import type { TaxableItem, TaxProvider } from './tax-provider.js';

export interface QuoteInput {
  region: QuoteRegion;
  destination: Destination;
  lines: QuoteLineInput[];
  shipping: QuoteShippingOption;
}

const SHIPPING_REF = 'shipping';

export async function computeQuote(input: QuoteInput, taxes: TaxProvider): Promise<ComputedQuote> {
  const { region, destination, shipping } = input;
  const priced = input.lines.map((line) => ({ ...line, subtotal: line.unitPrice * line.quantity }));
  const subtotal = priced.reduce((sum, line) => sum + line.subtotal, 0);
  const weight = priced.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0);
  const shippingAmount = shippingPrice(shipping.rule, subtotal, weight);

  // Line refs are positions, not SKUs: a cart may hold one SKU on two lines.
  const items: TaxableItem[] = priced.map((line, index) => ({
    ref: String(index),
    amount: line.subtotal,
    taxClass: line.taxClass,
  }));
  if (region.taxOnShipping)
    items.push({ ref: SHIPPING_REF, amount: shippingAmount, taxClass: shipping.taxClass });
  const answers = await taxes.calculate({
    destination,
    currency: region.currency,
    pricesIncludeTax: region.taxInclusive,
    items,
  });
  const byRef = new Map(answers.map((answer) => [answer.ref, answer]));
  const taxOf = (ref: string) => {
    const answer = byRef.get(ref);
    if (!answer) throw new Error(`the tax provider left out item ${ref}`);
    return answer;
  };

  const lines = priced.map((line, index) => {
    const { tax, rate } = taxOf(String(index));
    return {
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: line.subtotal,
      taxClass: line.taxClass,
      tax,
      rate,
    };
  });
  const shippingTax = region.taxOnShipping ? taxOf(SHIPPING_REF) : undefined;
  const tax = lines.reduce((sum, line) => sum + line.tax, 0) + (shippingTax?.tax ?? 0);
  const total = subtotal + shippingAmount + (region.taxInclusive ? 0 : tax);
  return {
    regionId: region.id,
    currency: region.currency,
    taxInclusive: region.taxInclusive,
    destination,
    lines,
    subtotal,
    shipping: {
      optionId: shipping.id,
      code: shipping.code,
      name: shipping.name,
      amount: shippingAmount,
      tax: shippingTax?.tax ?? 0,
      ...(shippingTax ? { rate: shippingTax.rate } : {}),
    },
    tax,
    total,
    rates: distinctRates([...lines.map((line) => line.rate), ...(shippingTax ? [shippingTax.rate] : [])]),
  };
}

function distinctRates(rates: AppliedRate[]): AppliedRate[] {
  const seen = new Map<string, AppliedRate>();
  for (const rate of rates) seen.set(`${rate.jurisdiction}|${rate.taxClass}`, rate);
  return [...seen.values()];
}
