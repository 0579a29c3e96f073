// The quote: what a cart costs in a region, line by line. Pure apart from the tax provider it is
// given: subtotals, promotions (spread over the lines, ADR 0013), shipping, tax per line on what
// the line costs after its discount and on shipping, and the total, each rounded once (ADR 0012).
// Amounts are integers of the region's currency's minor unit.

import type { PriceListRule, PriceShopper } from '../price-lists/model.js';
import { pickUnitPrice } from '../price-lists/pick-price.js';
import { applyPromotions, type PromotionCart } from '../promotions/apply-promotions.js';
import { couponRefused } from '../promotions/coupon-refusal.js';
import type { PromotionRule } from '../promotions/model.js';
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
  /** The automatic promotions in force now, and the coupon entered (already found usable). */
  promotions?: PromotionRule[];
  coupon?: PromotionRule;
  /** The price lists that may price the lines (ADR 0017), and who asks when; none: catalog prices. */
  priceLists?: PriceListRule[];
  shopper?: PriceShopper;
}

const SHIPPING_REF = 'shipping';

export async function computeQuote(input: QuoteInput, taxes: TaxProvider): Promise<ComputedQuote> {
  const { region, destination, shipping } = input;
  // Each line at its lowest applicable price first: promotions and tax then work on that price.
  const shopper = input.shopper ?? { groupIds: new Set<string>(), now: new Date() };
  const priced = input.lines.map((line) => {
    const { unitPrice, priceList } = pickUnitPrice(line, region.currency, input.priceLists ?? [], shopper);
    return { ...line, listPrice: line.unitPrice, unitPrice, priceList, subtotal: unitPrice * line.quantity };
  });
  const subtotal = priced.reduce((sum, line) => sum + line.subtotal, 0);
  const weight = priced.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0);
  const shippingFor = (discountedSubtotal: number) =>
    shippingPrice(shipping.rule, discountedSubtotal, weight);
  const offered = [...(input.promotions ?? []), ...(input.coupon ? [input.coupon] : [])];
  const cart: PromotionCart = { currency: region.currency, lines: priced, subtotal, shippingFor };
  const outcome = applyPromotions(offered, cart);
  if (input.coupon && !outcome.applied.some((a) => a.promotion.id === input.coupon!.id)) {
    throw couponRefused(
      'not-applicable',
      couponMiss(input.coupon, applyPromotions([input.coupon], cart).applied.length > 0),
    );
  }
  const lineDiscount = outcome.lineDiscounts.reduce((sum, discount) => sum + discount, 0);
  // Shipping thresholds see the subtotal the shopper pays for the goods, after their discounts.
  const shippingAmount = shippingFor(subtotal - lineDiscount);
  const shippingDiscount = outcome.shippingDiscount;

  // Line refs are positions, not SKUs: a cart may hold one SKU on two lines.
  const items: TaxableItem[] = priced.map((line, index) => ({
    ref: String(index),
    amount: line.subtotal - outcome.lineDiscounts[index]!,
    taxClass: line.taxClass,
  }));
  if (region.taxOnShipping)
    items.push({ ref: SHIPPING_REF, amount: shippingAmount - shippingDiscount, taxClass: shipping.taxClass });
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
      listPrice: line.listPrice,
      ...(line.priceList ? { priceList: line.priceList } : {}),
      subtotal: line.subtotal,
      taxClass: line.taxClass,
      discount: outcome.lineDiscounts[index]!,
      tax,
      rate,
    };
  });
  const shippingTax = region.taxOnShipping ? taxOf(SHIPPING_REF) : undefined;
  const tax = lines.reduce((sum, line) => sum + line.tax, 0) + (shippingTax?.tax ?? 0);
  const discount = lineDiscount + shippingDiscount;
  const total = subtotal + shippingAmount - discount + (region.taxInclusive ? 0 : tax);
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
      discount: shippingDiscount,
      tax: shippingTax?.tax ?? 0,
      ...(shippingTax ? { rate: shippingTax.rate } : {}),
    },
    discount,
    tax,
    total,
    rates: distinctRates([...lines.map((line) => line.rate), ...(shippingTax ? [shippingTax.rate] : [])]),
    promotions: outcome.applied.map(({ promotion, amount }) => ({
      promotionId: promotion.id,
      name: promotion.name,
      kind: promotion.kind,
      ...(promotion.code ? { code: promotion.code } : {}),
      amount,
    })),
  };
}

function couponMiss(coupon: PromotionRule, appliesAlone: boolean): string {
  return appliesAlone
    ? `The coupon ${coupon.code} cannot be combined with a promotion that takes off more; that one applies instead.`
    : `The coupon ${coupon.code} does not apply to the items, the amount or the currency of this cart.`;
}

function distinctRates(rates: AppliedRate[]): AppliedRate[] {
  const seen = new Map<string, AppliedRate>();
  for (const rate of rates) seen.set(`${rate.jurisdiction}|${rate.taxClass}`, rate);
  return [...seen.values()];
}
