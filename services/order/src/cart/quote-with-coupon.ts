// A quote for a shopper's cart: a coupon the pricing service refuses is the shopper's input, so
// its 422 names the field the shopper typed it in (body.couponCode at checkout,
// querystring.coupon for a cart's totals) rather than the pricing request's.
import type { Quote, QuoteRequest } from '@emporium/contracts/pricing';
import { HttpProblem } from '@emporium/platform';
import type { PricingClient } from '../clients/pricing-client.js';

export async function quoteWithCoupon(
  pricing: PricingClient,
  request: QuoteRequest,
  couponField: string,
): Promise<Quote> {
  try {
    return await pricing.quote(request);
  } catch (error) {
    if (error instanceof HttpProblem && error.slug.startsWith('coupon-')) {
      throw new HttpProblem(error.status, error.slug, 'Coupon not applied', error.detail, {
        ...error.extensions,
        field: couponField,
      });
    }
    throw error;
  }
}
