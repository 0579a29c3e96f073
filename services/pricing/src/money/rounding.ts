// The one rounding rule of pricing (docs/decisions/0012-pricing-and-tax.md): a share of an
// amount is rounded half up to the minor unit, once per line and once for shipping, never on a
// total. Products are taken in bigint: a line (10^12 × 999) times a rate in millionths passes
// 2^53, where number stops being exact.

/** numerator / denominator rounded half up (both non-negative; denominator positive). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError('divideRoundHalfUp takes non-negative values');
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Millionths: a rate of 19% is 190_000 ppm, 8.875% is 88_750. */
export const PPM = 1_000_000n;

/** The tax a net amount owes at a rate: net × rate, rounded half up. */
export function taxOnNet(net: number, ratePpm: number): number {
  return Number(divideRoundHalfUp(BigInt(net) * BigInt(ratePpm), PPM));
}

/** The tax a gross amount already holds at a rate: gross × rate / (1 + rate), rounded half up. */
export function taxInGross(gross: number, ratePpm: number): number {
  return Number(divideRoundHalfUp(BigInt(gross) * BigInt(ratePpm), PPM + BigInt(ratePpm)));
}
