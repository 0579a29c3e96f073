// buildApp: the pricing service's HTTP surface over an already-opened database (no I/O here).
import {
  type AppHostOptions,
  authentication,
  createService,
  hostOptions,
  registerInternalBatch,
  requireInternalToken,
  type TokenVerifier,
} from '@emporium/platform';
import type { PricingContext } from './context.js';
import { registerAdminCustomerGroupRoutes } from './routes/admin-customer-groups.js';
import { registerAdminPriceListRoutes } from './routes/admin-price-lists.js';
import { registerAdminPromotionRoutes } from './routes/admin-promotions.js';
import { registerAdminRegionRoutes } from './routes/admin-regions.js';
import { registerAdminShippingOptionRoutes } from './routes/admin-shipping-options.js';
import { registerAdminTaxRateRoutes } from './routes/admin-tax-rates.js';
import { registerInternalQuoteRoutes } from './routes/internal-quotes.js';
import { registerInternalRedemptionRoutes } from './routes/internal-redemptions.js';
import { registerPublicPriceRoutes } from './routes/public-prices.js';
import { registerPublicRegionRoutes } from './routes/public-regions.js';

export interface PricingAppDeps extends AppHostOptions {
  ctx: PricingContext;
  verifier: TokenVerifier;
  /** The shared secret /internal/* demands (INTERNAL_TOKEN); unset, those routes are open. */
  internalToken?: string;
  /** Accepted besides internalToken while it is rotated (INTERNAL_TOKEN_ALSO_ACCEPTED). */
  internalTokenAlsoAccepted?: string;
}

export async function buildApp(deps: PricingAppDeps) {
  const app = await createService(hostOptions('pricing', deps));
  requireInternalToken(app, { token: deps.internalToken, alsoAccepted: deps.internalTokenAlsoAccepted });
  await app.register(authentication, { verifier: deps.verifier });
  registerPublicRegionRoutes(app, deps.ctx);
  registerPublicPriceRoutes(app, deps.ctx);
  registerAdminRegionRoutes(app, deps.ctx);
  registerAdminTaxRateRoutes(app, deps.ctx);
  registerAdminShippingOptionRoutes(app, deps.ctx);
  registerAdminPromotionRoutes(app, deps.ctx);
  registerAdminCustomerGroupRoutes(app, deps.ctx);
  registerAdminPriceListRoutes(app, deps.ctx);
  registerInternalQuoteRoutes(app, deps.ctx);
  registerInternalRedemptionRoutes(app, deps.ctx);
  registerInternalBatch(app);
  return { app };
}
