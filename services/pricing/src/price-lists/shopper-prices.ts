// What the storefront shows a shopper for a SKU: the best price list price for one unit and the
// lower prices more units reach. Found with the quote's own rule (pick-price.ts) at each quantity
// where some list's tier starts, so the page never promises a price the quote would not charge.
// The catalog price is the product service's: the page shows a list price only below it.
import type { PriceTier } from '@emporium/contracts/price-lists';
import type { PriceListRule, PriceShopper } from './model.js';
import { appliesTo, pickUnitPrice } from './pick-price.js';

const NO_CATALOG_PRICE = Number.MAX_SAFE_INTEGER;

export function shopperPrices(
  sku: string,
  currency: string,
  lists: readonly PriceListRule[],
  shopper: PriceShopper,
): { unit?: PriceTier; tiers: PriceTier[] } {
  const open = lists.filter((list) => appliesTo(list, shopper));
  const quantities = new Set<number>([1]);
  for (const list of open) {
    for (const entry of list.entries) {
      if (entry.sku === sku && entry.currency === currency) quantities.add(entry.minQuantity);
    }
  }
  const steps: PriceTier[] = [];
  for (const quantity of [...quantities].sort((a, b) => a - b)) {
    const picked = pickUnitPrice({ sku, unitPrice: NO_CATALOG_PRICE, quantity }, currency, open, shopper);
    if (!picked.priceList) continue;
    const previous = steps.at(-1);
    if (previous && picked.unitPrice >= previous.amount) continue;
    steps.push({
      minQuantity: quantity,
      amount: picked.unitPrice,
      priceListId: picked.priceList.id,
      type: picked.priceList.type,
    });
  }
  const [first, ...rest] = steps;
  return first?.minQuantity === 1 ? { unit: first, tiers: rest } : { tiers: steps };
}
