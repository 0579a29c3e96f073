// Which price a line pays: the lowest of the catalog price and the applicable price lists' prices
// (ADR 0017). A list applies when it is active, its dates hold now, and it is for everyone or for
// a group the shopper is in; of its entries for the line's SKU and currency whose minQuantity the
// line reaches, the lowest is its price, so buying more never costs more per unit than buying
// fewer would. Pure: the caller reads the lists.
import type { LinePriceList, PriceListEntryRule, PriceListRule, PriceShopper } from './model.js';

export function appliesTo(list: PriceListRule, shopper: PriceShopper): boolean {
  if (list.status !== 'active') return false;
  if (list.startsAt && list.startsAt > shopper.now) return false;
  if (list.endsAt && list.endsAt <= shopper.now) return false;
  return list.groupIds.length === 0 || list.groupIds.some((id) => shopper.groupIds.has(id));
}

/** The list's entry for `quantity` units of `sku`: the cheapest of the tiers the quantity reaches. */
export function tierFor(
  list: PriceListRule,
  sku: string,
  currency: string,
  quantity: number,
): PriceListEntryRule | undefined {
  let best: PriceListEntryRule | undefined;
  for (const entry of list.entries) {
    if (entry.sku !== sku || entry.currency !== currency || entry.minQuantity > quantity) continue;
    if (!best || entry.amount < best.amount) best = entry;
  }
  return best;
}

export interface PickedPrice {
  unitPrice: number;
  /** Absent when the catalog price is (one of) the lowest. */
  priceList?: LinePriceList;
}

export function pickUnitPrice(
  line: { sku: string; unitPrice: number; quantity: number },
  currency: string,
  lists: readonly PriceListRule[],
  shopper: PriceShopper,
): PickedPrice {
  let picked: PickedPrice = { unitPrice: line.unitPrice };
  for (const list of lists) {
    if (!appliesTo(list, shopper)) continue;
    const entry = tierFor(list, line.sku, currency, line.quantity);
    // Strictly lower: on a tie the catalog price (or the list met first) stays, so a quote names
    // a price list only when it changed what the shopper pays.
    if (entry && entry.amount < picked.unitPrice) {
      picked = { unitPrice: entry.amount, priceList: { id: list.id, name: list.name, type: list.type } };
    }
  }
  return picked;
}
