import type { Money } from '@emporium/contracts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Minor units to a display string: 1999 EUR → "€19.99", 500 JPY → "¥500". */
export function formatMoney(money: Money): string {
  const formatter = formatterFor(money.currency);
  // The currency's own exponent (2 for EUR, 0 for JPY, 3 for KWD) says where the point goes.
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}
