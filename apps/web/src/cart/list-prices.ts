// What a cart line pays by the shopper's price lists. GET /prices answers, by the quote's own rule
// (ADR 0017), the price from one unit and the lower ones from more units on; a line pays the
// lowest step its quantity reaches, and only when it is below the catalog price the cart shows.
import type { CartLine, ShopperPrice } from '@emporium/api-client';

export interface ListUnitPrice {
  amount: number;
  /** A sale is shown against the struck catalog price; an override as the shopper's own price. */
  type: NonNullable<ShopperPrice['unit']>['type'];
}

/** The line's unit price by a price list, or undefined when the catalog price stands. */
export function listUnitPrice(line: CartLine, found: ShopperPrice | undefined): ListUnitPrice | undefined {
  // A line that cannot be bought as it is will not be quoted: its catalog price is all there is.
  if (!found || !line.unitPrice || line.availability === 'unavailable') return undefined;
  const reached = [...(found.unit ? [found.unit] : []), ...found.tiers].filter(
    (step) => step.minQuantity <= line.quantity,
  );
  const lowest = reached.reduce<(typeof reached)[number] | undefined>(
    (best, step) => (!best || step.amount < best.amount ? step : best),
    undefined,
  );
  return lowest && lowest.amount < line.unitPrice.amount
    ? { amount: lowest.amount, type: lowest.type }
    : undefined;
}

/** Each line's price list unit price by SKU, for the lines a list lowers. */
export function listUnitPrices(
  lines: readonly CartLine[],
  prices: readonly ShopperPrice[] | undefined,
): Map<string, ListUnitPrice> {
  const bySku = new Map((prices ?? []).map((price) => [price.sku, price]));
  const found = new Map<string, ListUnitPrice>();
  for (const line of lines) {
    const price = listUnitPrice(line, bySku.get(line.sku));
    if (price) found.set(line.sku, price);
  }
  return found;
}

/** The cart's subtotal with the lowered lines at their price list price. */
export function subtotalWithListPrices(
  lines: readonly CartLine[],
  subtotal: number,
  listPrices: ReadonlyMap<string, ListUnitPrice>,
): number {
  return lines.reduce((sum, line) => {
    const price = listPrices.get(line.sku);
    return price ? sum - (line.unitPrice!.amount - price.amount) * line.quantity : sum;
  }, subtotal);
}
