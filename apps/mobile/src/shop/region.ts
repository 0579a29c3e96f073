// The shopper's region as this device remembers it, and the rules around it: a region code kept in
// device storage (a guest has no account to keep it in), read back only if the shop still sells
// there; the locale a currency's amounts are written in; and the region that ships to a country.
import { formatMoney, type Money, type Region, type TokenStorage } from '@emporium/api-client';

export const REGION_KEY = 'emporium.region';

/** What the shop shows before it knows the regions: its catalog's default currency's region. */
export const DEFAULT_REGION_CODE = 'us';
export const DEFAULT_CURRENCY = 'USD';

export async function readRegionCode(storage: TokenStorage): Promise<string> {
  return (await storage.getItem(REGION_KEY)) ?? DEFAULT_REGION_CODE;
}

export async function writeRegionCode(storage: TokenStorage, code: string): Promise<void> {
  await storage.setItem(REGION_KEY, code);
}

/** The remembered region if the shop still has it, else its first one. */
export function regionByCode(regions: Region[], code: string): Region | undefined {
  return regions.find((region) => region.code === code) ?? regions[0];
}

// A German shopper reads 46,99 €, a British one £39.99: the locale follows the currency, not the
// phone's language, so an amount looks the same wherever the shop shows it.
const LOCALES: Record<string, string> = { USD: 'en-US', EUR: 'de-DE', GBP: 'en-GB', JPY: 'ja-JP' };

/** The locale a currency's amounts are written in; undefined: the device's own. */
export const localeOf = (currency: string): string | undefined => LOCALES[currency];

/** The region that sells to `country` (ISO alpha-2, any case), if any. */
export const regionOf = (regions: Region[], country: string): Region | undefined =>
  regions.find((region) => region.countries.includes(country.trim().toUpperCase()));

/** An amount written the way its currency's shoppers read it, whatever region is chosen now. */
export const moneyText = (money: Money): string => formatMoney(money, localeOf(money.currency));
