// What a shopper may exchange a delivered order's units for: per line with units still returnable,
// the other variants of its product the catalog sells in the order's currency, each with its price
// now and the difference per unit an exchange would charge (> 0) or refund (< 0), computed as the
// exchange request computes it. The request decides again; this only lets the shopper choose.
import type { Money } from '@emporium/contracts';
import { problems, type SqlDatabase } from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { ProductClient } from '../clients/product-client.js';
import { ordersRepository as orders } from '../repositories/orders.js';
import { returnsRepository as returns } from '../repositories/returns.js';
import { returnableBySku, withAddedTax } from './returnable.js';

export interface ExchangeOption {
  sku: string;
  title: string;
  price: Money;
  /** Per unit, tax included: > 0 the shopper pays it, < 0 it is refunded. */
  difference: Money;
  available: number;
}

export interface ExchangeableLine {
  sku: string;
  returnable: number;
  replacements: ExchangeOption[];
}

export function exchangeOptions(deps: {
  db: SqlDatabase;
  products: Pick<ProductClient, 'variants' | 'productVariants'>;
}) {
  return {
    async forOrder(orderId: string): Promise<ExchangeableLine[]> {
      const order = await orders.find(deps.db, orderId);
      if (!order) throw problems.notFound(`Order ${orderId}`);
      if (order.status !== 'delivered') return [];
      const left = returnableBySku(order.lines, await returns.forOrder(deps.db, orderId));
      const open = order.lines.filter((line) => (left.get(line.sku) ?? 0) > 0);
      try {
        const variants = await deps.products.variants(open.map((line) => line.sku));
        return await Promise.all(
          open.map(async (line) => {
            const slug = variants.get(line.sku)?.slug;
            const product = slug ? await deps.products.productVariants(slug, order.currency) : undefined;
            const replacements = (product?.status === 'active' ? product.variants : [])
              .filter((variant) => variant.sku !== line.sku && variant.price !== null)
              .map((variant) => ({
                sku: variant.sku,
                title: `${product!.title} – ${variant.title}`,
                price: variant.price!,
                difference: {
                  amount: withAddedTax(order, variant.price!.amount - line.unitPrice.amount),
                  currency: order.currency,
                },
                available: variant.available,
              }));
            return { sku: line.sku, returnable: left.get(line.sku)!, replacements };
          }),
        );
      } catch (error) {
        if (!(error instanceof TransientCallError) && !(error instanceof UnexpectedAnswerError)) throw error;
        throw problems.unavailable('The catalog did not answer; please try again.', 'catalog-unavailable');
      }
    },
  };
}
