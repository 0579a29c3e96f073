// Money is integer minor units plus an ISO 4217 code; this turns it into text for people, with
// the currency's own number of decimals (USD 2, JPY 0, KWD 3): the exponent the services use
// (contracts' currency table), the browser's own figure only for a currency the shop does not know.
import { CURRENCY_EXPONENTS } from '@emporium/contracts/currencies';
import type { Money } from './types.js';

export { parseDecimal } from '@emporium/contracts/minor-units';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function minorUnitDigits(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(money: Money, locale?: string): string {
  const digits = minorUnitDigits(money.currency);
  return formatterFor(money.currency, locale).format(money.amount / 10 ** digits);
}

/** A catalog or cart price, which is null where the item is not sold in the shopper's currency. */
export function formatPrice(money: Money | null, locale?: string): string {
  return money ? formatMoney(money, locale) : 'Not sold in your region';
}
