// Conflicts the database decides (two admins at once, or a stale form) turned into 409 problems
// that say what conflicts. The constraints are named in migrations/0001_init.sql.
import { type HttpProblem, problems } from '@emporium/platform';

interface DatabaseError {
  code?: string;
  constraint?: string;
  detail?: string;
}

const CONFLICTS: Record<string, (detail: string) => HttpProblem> = {
  regions_code_key: () => problems.conflict('Another region already has this code.', 'region-code-taken'),
  region_countries_pkey: (detail) =>
    problems.conflict(
      `${countryIn(detail) ?? 'A country'} already belongs to another region; remove it there first.`,
      'country-in-another-region',
    ),
  tax_rates_jurisdiction_class_key: () =>
    problems.conflict(
      'A rate for this country, subdivision and class exists already; change that one instead.',
      'tax-rate-exists',
    ),
  tax_rates_country_in_region: (detail) =>
    detail.includes('still referenced')
      ? problems.conflict('Tax rates still name this country; delete them first.', 'country-has-tax-rates')
      : problems.conflict(
          'The rate names a country that is not in this region; add it first.',
          'country-not-in-region',
        ),
  shipping_options_region_code_key: () =>
    problems.conflict(
      'This region already has a shipping option with this code.',
      'shipping-option-code-taken',
    ),
};

const countryIn = (detail: string) => /\(country\)=\(([A-Z]{2})\)/.exec(detail)?.[1];

/** Runs work, turning a unique or foreign-key violation of a known constraint into its 409. */
export async function withConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint, detail = '' } = error as DatabaseError;
    const conflict = (code === '23505' || code === '23503') && constraint ? CONFLICTS[constraint] : undefined;
    if (conflict) throw conflict(detail);
    throw error;
  }
}
