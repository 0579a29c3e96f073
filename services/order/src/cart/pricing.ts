// Prices a cart in one currency against the product service's current prices and stock, pointing
// out every price that moved since the shopper last saw it and every line that can no longer be
// bought as is (no longer sold, or not sold in this currency).
import type { Cart } from '@emporium/contracts/order';
import { HttpProblem } from '@emporium/platform';
import { priceIn, type Variant } from '../clients/product-client.js';
import type { CartLine } from '../repositories/carts.js';

type PricedLine = Cart['lines'][number];

export interface PricedCart {
  lines: PricedLine[];
  subtotal: { amount: number; currency: string } | null;
  notices: string[];
  /** Lines whose price the shopper now sees: moved, or last seen in another currency. */
  seen: { sku: string; unitPrice: number }[];
}

const format = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency}`;

export function priceCart(rows: CartLine[], variants: Map<string, Variant>, currency: string): PricedCart {
  const lines: PricedLine[] = [];
  const notices: string[] = [];
  const seen: PricedCart['seen'] = [];
  for (const row of rows) {
    const variant = variants.get(row.sku);
    if (variant?.status !== 'active') {
      const title = variant ? displayTitle(variant) : row.sku;
      // What the shopper last saw, if it was in this currency: nothing else to show for it.
      const price = row.currency === currency ? { amount: row.seenUnitPrice, currency } : null;
      lines.push({
        sku: row.sku,
        title,
        quantity: row.quantity,
        unitPrice: price,
        lineTotal: price && { amount: price.amount * row.quantity, currency },
        available: 0,
        availability: 'unavailable',
      });
      notices.push(`${title} is no longer sold; remove it to check out.`);
      continue;
    }
    const price = priceIn(variant, currency);
    const common = {
      sku: row.sku,
      productId: variant.productId,
      title: displayTitle(variant),
      ...(variant.image ? { image: variant.image } : {}),
      quantity: row.quantity,
      available: variant.available,
    };
    if (!price) {
      lines.push({ ...common, unitPrice: null, lineTotal: null, availability: 'not_sold_in_currency' });
      notices.push(`${common.title} is not sold in ${currency}; remove it to check out in this currency.`);
      continue;
    }
    const line: PricedLine = {
      ...common,
      unitPrice: price,
      lineTotal: { amount: price.amount * row.quantity, currency },
      availability: variant.available >= row.quantity ? 'in_stock' : 'insufficient_stock',
    };
    if (row.currency !== currency) {
      // Another currency is a new price list, not a price move: shown from now on without a notice.
      seen.push({ sku: row.sku, unitPrice: price.amount });
    } else if (price.amount !== row.seenUnitPrice) {
      line.priceChange = { previous: { amount: row.seenUnitPrice, currency }, current: price };
      seen.push({ sku: row.sku, unitPrice: price.amount });
      const direction = price.amount > row.seenUnitPrice ? 'went up' : 'went down';
      notices.push(
        `The price of ${line.title} ${direction} from ${format(row.seenUnitPrice, currency)} to ${format(price.amount, currency)}.`,
      );
    }
    if (line.availability === 'insufficient_stock') {
      notices.push(`Only ${variant.available} of ${line.title} left; you have ${row.quantity} in your cart.`);
    }
    lines.push(line);
  }
  const priced = lines.filter((line) => line.lineTotal !== null);
  const subtotal =
    priced.length > 0 ? { amount: priced.reduce((sum, l) => sum + l.lineTotal!.amount, 0), currency } : null;
  return { lines, subtotal, notices, seen };
}

/**
 * The cart's lines on sale priced in the destination region's `currency`, for a quote. A line on
 * sale but not in that currency cannot be sold there: 409 naming its SKU, rather than a price in
 * another currency.
 */
export function regionLines<L extends { sku: string }>(
  lines: L[],
  variants: Map<string, Variant>,
  currency: string,
  country: string,
) {
  const unsold = lines.filter((line) => !priceIn(variants.get(line.sku)!, currency));
  if (unsold.length > 0) {
    const skus = unsold.map((line) => line.sku);
    throw new HttpProblem(
      409,
      'not-sold-in-region',
      'Not sold in this region',
      `${skus.join(', ')} ${skus.length === 1 ? 'is' : 'are'} not sold in ${currency}, the currency of ${country}; remove ${skus.length === 1 ? 'it' : 'them'} to check out there.`,
      { skus, currency },
    );
  }
  return lines.map((line) => {
    const variant = variants.get(line.sku)!;
    return { line, variant, unitPrice: priceIn(variant, currency)!.amount };
  });
}

export function displayTitle(variant: Variant): string {
  return variant.variantTitle && variant.variantTitle !== variant.title
    ? `${variant.title} (${variant.variantTitle})`
    : variant.title;
}
