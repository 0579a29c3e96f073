// Opens the pricing service's database by URL, migrates, and returns the app without listening
// (main.ts listens; the embedded mode mounts it in one process).
import { fileURLToPath } from 'node:url';
import { createTokenVerifier, openSqlDatabase, runMigrations, type TokenVerifier } from '@emporium/platform';
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

export async function startPricingService(config: PricingConfig, runtime: PricingRuntime = {}) {
  const db = await openSqlDatabase(config.DATABASE_URL, 'pricing');
  await runMigrations(db, MIGRATIONS);
  const ctx: PricingContext = {
    db,
    taxes: rateTableTaxProvider(({ country, subdivision = '' }) =>
      taxRatesRepository.forDestination(db, country, subdivision),
    ),
  };
  const app = await buildApp({
    ctx,
    verifier: runtime.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    logLevel: config.LOG_LEVEL,
    processMetrics: runtime.processMetrics ?? true,
    readiness: { database: () => db.ping() },
    internalToken: config.INTERNAL_TOKEN,
    internalTokenAlsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
  });
  return {
    app,
    ctx,
    async close() {
      await db.close();
    },
  };
}
