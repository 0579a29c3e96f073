// Converting between integer minor units and the decimal a person reads or writes, by string
// arithmetic only: a binary float cannot hold 0.1, so no amount ever passes through one. The
// services and the web app's price inputs share it, so 1500 yen typed is 1500 stored everywhere.
import { exponentOf } from './currencies.js';

/** 1234 USD → "12.34", 1234 JPY → "1234", 5 KWD → "0.005". */
export function formatMinor(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a safe integer`);
  const exponent = exponentOf(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * "12.34" USD → 1234, "1200" JPY → 1200. Refuses (RangeError) more decimals than the currency
 * has, a sign, or anything but digits and one point: such a value is a mistake, not a rounding.
 */
export function parseMajor(text: string, currency: string): number {
  return parseDecimal(text, exponentOf(currency), currency);
}

/** parseMajor for a known exponent; `currency` only names it in the refusal. */
export function parseDecimal(text: string, exponent: number, currency = 'the currency'): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`${currency} has ${exponent} decimals; "${text}" has ${fraction.length}`);
  }
  const amount = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(amount)) throw new RangeError(`"${text}" is too large`);
  return amount;
}
