// GET /prices?skus=&currency=: the shopper's price list prices for the product page (ADR 0017).
// Anyone may ask; with a token, the lists of the shopper's customer groups count too. The answer
// depends on who asks, so it is never stored by a shared cache.
import { PriceQuery, ShopperPrices } from '@emporium/contracts/price-lists';
import type { ServiceApp } from '@emporium/platform';
import type { PricingContext } from '../context.js';
import { priceListOffers } from '../price-lists/price-list-offers.js';
import { shopperPrices } from '../price-lists/shopper-prices.js';

export function registerPublicPriceRoutes(app: ServiceApp, ctx: PricingContext): void {
  app.get(
    '/prices',
    {
      preHandler: app.optionalAuth,
      schema: {
        summary: "The shopper's price list prices of these SKUs: one unit's and those from more units on",
        description:
          "The catalog price is the product service's: the storefront shows a price here only when it is below it.",
        querystring: PriceQuery,
        response: { 200: ShopperPrices },
      },
    },
    async (request, reply) => {
      const { currency } = request.query;
      const skus = [...new Set(request.query.skus.split(','))];
      const { priceLists, shopper } = await priceListOffers(
        ctx,
        skus,
        currency,
        request.principal?.userId,
        new Date(),
      );
      reply.header('cache-control', 'private, no-store');
      return {
        currency,
        prices: skus.map((sku) => ({ sku, ...shopperPrices(sku, currency, priceLists, shopper) })),
      };
    },
  );
}
