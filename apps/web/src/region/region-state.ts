// The shopper's region as this browser remembers it: a region code in localStorage (guests have
// no account to keep it), read back only if the shop still sells there. The locale that formats
// its prices follows its currency, so a German shopper reads 46,99 € and a British one £39.99.
import type { Region } from '@emporium/api-client';

const KEY = 'emporium.region';

/** What the shop shows before it knows the regions: its catalog's default currency. */
export const DEFAULT_REGION_CODE = 'us';

export function readRegionCode(storage: Pick<Storage, 'getItem'>): string {
  return storage.getItem(KEY) ?? DEFAULT_REGION_CODE;
}

export function writeRegionCode(storage: Pick<Storage, 'setItem'>, code: string): void {
  storage.setItem(KEY, code);
}

const LOCALES: Record<string, string> = { USD: 'en-US', EUR: 'de-DE', GBP: 'en-GB', JPY: 'ja-JP' };

/** The locale a currency's amounts are written in; undefined: the browser's own. */
export const localeOf = (currency: string): string | undefined => LOCALES[currency];

/** The region that sells to `country`, if any. */
export const regionOf = (regions: Region[], country: string): Region | undefined =>
  regions.find((region) => region.countries.includes(country.trim().toUpperCase()));
