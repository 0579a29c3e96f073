// The price lists a quote or a price look-up may use: the active ones in force now, open to the
// customer (for everyone or for one of their groups; a guest: for everyone), with entries for
// these SKUs in this currency. The customer's groups come from the same read: only those of
// the lists found matter to the price.
import type { PricingContext } from '../context.js';
import { priceListsRepository } from '../repositories/price-lists.js';
import type { PriceListRule, PriceShopper } from './model.js';

export async function priceListOffers(
  ctx: PricingContext,
  skus: readonly string[],
  currency: string,
  customerId: string | undefined,
  now: Date,
): Promise<{ priceLists: PriceListRule[]; shopper: PriceShopper }> {
  const { lists, memberOf } = await priceListsRepository.openTo(ctx.db, {
    skus: [...new Set(skus)],
    currency,
    customerId,
    now,
  });
  return { priceLists: lists, shopper: { groupIds: new Set(memberOf), now } };
}
