// POST /internal/quotes: finds the destination's region, the chosen shipping option, the
// automatic promotions in force and the coupon entered, then lets the quote engine price the
// cart. Refusals are 422s that say what the shopper can change.
import type { Quote, QuoteRequest } from '@emporium/contracts/pricing';
import { problems } from '@emporium/platform';
import type { PricingContext } from '../context.js';
import { couponRefused, couponUnusable } from '../promotions/coupon-refusal.js';
import type { PromotionRule } from '../promotions/model.js';
import {
  type PromotionRow,
  promotionsRepository as promotions,
  ruleOf,
  stateOf,
} from '../repositories/promotions.js';
import { redemptionsRepository } from '../repositories/redemptions.js';
import { quoteRegionOf } from '../repositories/regions.js';
import { shippingOptionsRepository } from '../repositories/shipping-options.js';
import { computeQuote } from './quote-engine.js';

export async function quoteCart(ctx: PricingContext, request: QuoteRequest): Promise<Quote> {
  const { country, subdivision } = request.destination;
  const region = await quoteRegionOf(ctx.db, country);
  if (!region) {
    throw problems.unprocessable(`The shop does not sell to ${country}.`, 'country-not-served');
  }
  if (region.currency !== request.currency) {
    // Prices per currency do not exist yet: a cart priced in another currency cannot be sold here.
    throw problems.unprocessable(
      `${country} is priced in ${region.currency}, and this cart is in ${request.currency}.`,
      'currency-mismatch',
    );
  }
  const shipping = await shippingOptionsRepository.activeByCode(ctx.db, region.id, request.shippingOption);
  if (!shipping) {
    throw problems.unprocessable(
      `Shipping option ${request.shippingOption} is not offered in region ${region.code}.`,
      'shipping-option-unavailable',
    );
  }
  const now = new Date();
  const [automatic, coupon] = await Promise.all([
    promotions.automaticInForce(ctx.db, now),
    request.couponCode ? usableCoupon(ctx, request.couponCode, request.customerId, now) : undefined,
  ]);
  return computeQuote(
    {
      region,
      promotions: (await withinCustomerLimits(ctx, automatic, request.customerId)).map(ruleOf),
      ...(coupon ? { coupon } : {}),
      destination: { country, ...(subdivision ? { subdivision } : {}) },
      shipping,
      lines: request.lines.map((line) => ({
        sku: line.sku,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        taxClass: line.taxClass ?? 'standard',
        weightGrams: line.weightGrams ?? 0,
        ...(line.productId ? { productId: line.productId } : {}),
        ...(line.categories ? { categories: line.categories } : {}),
        ...(line.brand ? { brand: line.brand } : {}),
      })),
    },
    ctx.taxes,
  );
}

/** The coupon with this code if this customer may use it now; otherwise the 422 saying why. */
async function usableCoupon(
  ctx: PricingContext,
  code: string,
  customerId: string | undefined,
  now: Date,
): Promise<PromotionRule> {
  const row = await promotions.byCode(ctx.db, code);
  if (!row) throw couponRefused('unknown-code', `There is no coupon ${code}; check its spelling.`);
  const customerUses =
    customerId && row.per_customer_limit !== null
      ? await redemptionsRepository.customerUses(ctx.db, row.id, customerId)
      : 0;
  const refusal = couponUnusable(row.code!, stateOf(row), now, customerUses);
  if (refusal) throw refusal;
  return ruleOf(row);
}

/** Drops the automatic promotions this customer has used as often as each allows. */
async function withinCustomerLimits(
  ctx: PricingContext,
  rows: PromotionRow[],
  customerId: string | undefined,
): Promise<PromotionRow[]> {
  if (!customerId) return rows;
  const kept: PromotionRow[] = [];
  for (const row of rows) {
    const limit = row.per_customer_limit;
    if (limit === null || (await redemptionsRepository.customerUses(ctx.db, row.id, customerId)) < limit) {
      kept.push(row);
    }
  }
  return kept;
}
