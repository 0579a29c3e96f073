import { Quote, QuoteRequest, RegionList, RegionQuery } from '@emporium/contracts/pricing';
import { refusals, type ServiceApp } from '@emporium/platform';
import type { PricingContext } from '../context.js';
import { quoteCart } from '../quotes/quote-cart.js';
import { regionsRepository as regions } from '../repositories/regions.js';

export function registerInternalQuoteRoutes(app: ServiceApp, ctx: PricingContext): void {
  // The public GET /regions, for the order service: under /internal/ it may travel in a batch with
  // the quote and other calls (POST /internal/batch takes only internal routes).
  app.get(
    '/internal/regions',
    {
      schema: {
        summary: "The region that sells to a country: its currency prices a cart's lines there",
        querystring: RegionQuery,
        response: { 200: RegionList },
      },
    },
    async (request) => ({ regions: await regions.list(ctx.db, request.query.country) }),
  );

  app.post(
    '/internal/quotes',
    {
      schema: {
        summary: 'What a cart costs, line by line, in the region of its destination (for the order service)',
        description:
          '422 country-not-served, currency-mismatch (the lines are priced in another currency than ' +
          "the region's), shipping-option-unavailable, shipping-unavailable (too heavy for the " +
          'bands), tax-rate-missing; a coupon not applied: coupon-unknown-code, coupon-expired, ' +
          'coupon-not-started, coupon-not-applicable, coupon-limit-reached (with `reason` and ' +
          '`field: couponCode`).',
        body: QuoteRequest,
        response: { 200: Quote, ...refusals(422) },
      },
    },
    async (request) => quoteCart(ctx, request.body),
  );
}
