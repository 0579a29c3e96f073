import type { SqlDatabase } from '@emporium/platform';
import type { TaxProvider } from './quotes/tax-provider.js';

export interface PricingContext {
  db: SqlDatabase;
  taxes: TaxProvider;
}
