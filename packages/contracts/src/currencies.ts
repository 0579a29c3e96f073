// The currencies prices may be in, each with its ISO 4217 exponent: how many digits of the major
// unit the minor unit holds (USD 2: 1 dollar = 100 cents; JPY 0: the yen has no minor unit).
// Shared by the catalog (a variant's prices) and pricing (a region's currency). Amounts everywhere
// are integers of the minor unit; the exponent only matters where an amount meets a person
// (formatting) or a decimal written by one (parsing).
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  AUD: 2,
  BHD: 3,
  CAD: 2,
  CHF: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HUF: 2,
  ISK: 0,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  NOK: 2,
  NZD: 2,
  PLN: 2,
  SEK: 2,
  USD: 2,
};

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS);

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function exponentOf(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${currency}`);
  return exponent;
}
