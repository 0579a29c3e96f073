// The price lists a quote or a price look-up may use: the active ones in force now with entries
// for these SKUs in this currency, and the customer's groups (none for a guest).
import type { PricingContext } from '../context.js';
import { customerGroupsRepository } from '../repositories/customer-groups.js';
import { priceListsRepository } from '../repositories/price-lists.js';
import type { PriceListRule, PriceShopper } from './model.js';

export async function priceListOffers(
  ctx: PricingContext,
  skus: readonly string[],
  currency: string,
  customerId: string | undefined,
  now: Date,
): Promise<{ priceLists: PriceListRule[]; shopper: PriceShopper }> {
  const [priceLists, groupIds] = await Promise.all([
    priceListsRepository.forSkus(ctx.db, [...new Set(skus)], currency, now),
    customerId ? customerGroupsRepository.groupsOf(ctx.db, customerId) : Promise.resolve([]),
  ]);
  return { priceLists, shopper: { groupIds: new Set(groupIds), now } };
}
