// Opens the pricing service's runtime (its database) and returns the app without listening
// (main.ts listens; the embedded mode mounts it in one process).
import { fileURLToPath } from 'node:url';
import { createTokenVerifier, openServiceRuntime, type TokenVerifier } from '@emporium/platform';
import { buildApp } from './app.js';
import type { PricingConfig } from './config.js';
import type { PricingContext } from './context.js';
import { rateTableTaxProvider } from './quotes/rate-table-tax-provider.js';
import { taxRatesRepository } from './repositories/tax-rates.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface PricingRuntime {
  /** Tests pass a verifier for their own keys instead of fetching the auth service's JWKS. */
  verifier?: TokenVerifier;
  processMetrics?: boolean;
}

export async function startPricingService(config: PricingConfig, options: PricingRuntime = {}) {
  const runtime = await openServiceRuntime({
    name: 'pricing',
    config,
    processMetrics: options.processMetrics ?? true,
    sql: { migrations: MIGRATIONS },
  });
  const { db } = runtime;
  const ctx: PricingContext = {
    db,
    taxes: rateTableTaxProvider(({ country, subdivision = '' }) =>
      taxRatesRepository.forDestination(db, country, subdivision),
    ),
  };
  const { app } = await buildApp({
    ...runtime.host,
    ctx,
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    internalToken: config.INTERNAL_TOKEN,
    internalTokenAlsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
  });
  return { app, ctx, close: runtime.close };
}
