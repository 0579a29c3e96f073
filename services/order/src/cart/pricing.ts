// Prices a cart against the product service's current prices and stock, pointing out every price
// that moved since the shopper last saw it and every line that can no longer be bought as is.
import type { Cart } from '@emporium/contracts/order';
import type { Variant } from '../clients/product-client.js';
import type { CartLineRow } from '../repositories/carts.js';

type PricedLine = Cart['lines'][number];

export interface PricedCart {
  lines: PricedLine[];
  subtotal: { amount: number; currency: string } | null;
  notices: string[];
  /** Lines whose price moved since the shopper last saw it. */
  moved: { sku: string; unitPrice: number }[];
}

const format = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency}`;

export function priceCart(rows: CartLineRow[], variants: Map<string, Variant>): PricedCart {
  const lines: PricedLine[] = [];
  const notices: string[] = [];
  const moved: PricedCart['moved'] = [];
  for (const row of rows) {
    const variant = variants.get(row.sku);
    if (variant?.status !== 'active') {
      const price = { amount: row.seen_unit_price, currency: row.currency };
      lines.push({
        sku: row.sku,
        title: variant ? displayTitle(variant) : row.sku,
        quantity: row.quantity,
        unitPrice: price,
        lineTotal: { amount: price.amount * row.quantity, currency: price.currency },
        available: 0,
        availability: 'unavailable',
      });
      notices.push(`${variant ? displayTitle(variant) : row.sku} is no longer sold; remove it to check out.`);
      continue;
    }
    const price = variant.price;
    const line: PricedLine = {
      sku: row.sku,
      productId: variant.productId,
      title: displayTitle(variant),
      ...(variant.image ? { image: variant.image } : {}),
      quantity: row.quantity,
      unitPrice: price,
      lineTotal: { amount: price.amount * row.quantity, currency: price.currency },
      available: variant.available,
      availability: variant.available >= row.quantity ? 'in_stock' : 'insufficient_stock',
    };
    if (price.amount !== row.seen_unit_price || price.currency !== row.currency) {
      line.priceChange = {
        previous: { amount: row.seen_unit_price, currency: row.currency },
        current: price,
      };
      moved.push({ sku: row.sku, unitPrice: price.amount });
      const direction = price.amount > row.seen_unit_price ? 'went up' : 'went down';
      notices.push(
        `The price of ${line.title} ${direction} from ${format(row.seen_unit_price, row.currency)} to ${format(price.amount, price.currency)}.`,
      );
    }
    if (line.availability === 'insufficient_stock') {
      notices.push(`Only ${variant.available} of ${line.title} left; you have ${row.quantity} in your cart.`);
    }
    lines.push(line);
  }
  const currency = lines[0]?.unitPrice.currency;
  const subtotal = currency
    ? { amount: lines.reduce((sum, l) => sum + l.lineTotal.amount, 0), currency }
    : null;
  return { lines, subtotal, notices, moved };
}

export function displayTitle(variant: Variant): string {
  return variant.variantTitle && variant.variantTitle !== variant.title
    ? `${variant.title} (${variant.variantTitle})`
    : variant.title;
}
