// Prices typed by people ("12.5", "12,50", "12") to integer minor units, by the shared rule of
// @emporium/contracts (no floating point; never more decimals than the currency has).
import { minorUnitDigits, parseDecimal } from '@emporium/api-client';

/** Minor units for a decimal text with at most `digits` decimals; undefined when it is not one. */
export function toMinorUnits(text: string, digits = 2): number | undefined {
  const decimal = text.trim().replace(',', '.');
  // Nine digits of the major unit: far above any price, far below an unsafe integer.
  if (/^\d{10,}/.test(decimal)) return undefined;
  try {
    return parseDecimal(decimal, digits);
  } catch {
    return undefined;
  }
}

/** The decimal text of minor units, e.g. 1299 → "12.99" (for editing an existing price). */
export function fromMinorUnits(amount: number, digits = 2): string {
  if (digits === 0) return String(amount);
  const whole = Math.floor(amount / 10 ** digits);
  const fraction = String(amount % 10 ** digits).padStart(digits, '0');
  return `${whole}.${fraction}`;
}

/** The decimals of a currency code as typed: a malformed one is treated as two until it is fixed. */
export function digitsOf(currency: string): number {
  return /^[A-Z]{3}$/.test(currency) ? minorUnitDigits(currency) : 2;
}

/** What to tell a person whose price has more decimals than `currency` has, naming the field. */
export function priceHint(field: string, currency: string): string {
  const digits = digitsOf(currency);
  return digits === 0
    ? `${field} takes whole ${currency} (it has no minor unit), e.g. 1500.`
    : `${field} takes at most ${digits} decimals, e.g. ${fromMinorUnits(2499 * 10 ** (digits - 2), digits)}.`;
}
