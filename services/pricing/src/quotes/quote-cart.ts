// POST /internal/quotes: finds the destination's region, the chosen shipping option, the
// automatic promotions in force, the coupon entered and the price lists open to the customer,
// then lets the quote engine price the cart. Refusals are 422s that say what the shopper can change.
import type { Quote, QuoteRequest } from '@emporium/contracts/pricing';
import { problems } from '@emporium/platform';
import type { PricingContext } from '../context.js';
import { priceListOffers } from '../price-lists/price-list-offers.js';
import { promotionOffers } from '../promotions/promotion-offers.js';
import { quoteDestinationOf } from '../repositories/quote-destination.js';
import { computeQuote } from './quote-engine.js';

export async function quoteCart(ctx: PricingContext, request: QuoteRequest): Promise<Quote> {
  const { country, subdivision } = request.destination;
  // The promotions do not depend on the region: read them while the region and option are read.
  const now = new Date();
  const offers = promotionOffers(ctx, request, now);
  offers.catch(() => {}); // a refusal of the region, read first, is the answer then
  // Read in the request's currency: a region in another one is refused below before it is used.
  const prices = priceListOffers(
    ctx,
    request.lines.map((line) => line.sku),
    request.currency,
    request.customerId,
    now,
  );
  prices.catch(() => {});
  const served = await quoteDestinationOf(ctx.db, {
    country,
    subdivision: subdivision ?? '',
    shippingCode: request.shippingOption,
    withTaxRates: ctx.taxes.withRates !== undefined,
  });
  if (!served) {
    throw problems.unprocessable(`The shop does not sell to ${country}.`, 'country-not-served');
  }
  const { region, shipping } = served;
  if (region.currency !== request.currency) {
    // The order service prices lines in the region's currency (GET /regions?country=); another
    // currency here is a caller's mistake, refused rather than converted.
    throw problems.unprocessable(
      `${country} is priced in ${region.currency}, and this cart is in ${request.currency}.`,
      'currency-mismatch',
    );
  }
  if (!shipping) {
    throw problems.unprocessable(
      `Shipping option ${request.shippingOption} is not offered in region ${region.code}.`,
      'shipping-option-unavailable',
    );
  }
  // The rate table prices from the rates read with the region; another engine is asked as it is.
  const taxes = (served.taxRates && ctx.taxes.withRates?.(served.taxRates)) ?? ctx.taxes;
  const { automatic, coupon } = await offers;
  const { priceLists, shopper } = await prices;
  return computeQuote(
    {
      region,
      priceLists,
      shopper,
      promotions: automatic,
      ...(coupon ? { coupon } : {}),
      destination: { country, ...(subdivision ? { subdivision } : {}) },
      shipping,
      lines: request.lines.map((line) => ({
        sku: line.sku,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        taxClass: line.taxClass ?? 'standard',
        weightGrams: line.weightGrams ?? 0,
        ...(line.productId ? { productId: line.productId } : {}),
        ...(line.categories ? { categories: line.categories } : {}),
        ...(line.brand ? { brand: line.brand } : {}),
      })),
    },
    taxes,
  );
}
