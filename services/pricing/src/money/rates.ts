// Tax rates travel as percent strings ("19", "8.875", "5.5") and are kept as integer millionths
// of the amount (ppm): exact, comparable, and free of floats. Four decimals of a percent are the
// finest any jurisdiction publishes.

export const RATE_PATTERN = '^(100(\\.0{1,4})?|\\d{1,2}(\\.\\d{1,4})?)$';
const rateExpression = new RegExp(RATE_PATTERN);

/** "8.875" → 88_750. RangeError for anything that is not 0–100 with at most four decimals. */
export function percentToPpm(percent: string): number {
  if (!rateExpression.test(percent)) throw new RangeError(`"${percent}" is not a percentage 0–100`);
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
}

/** 88_750 → "8.875", 190_000 → "19", 0 → "0". */
export function ppmToPercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const fraction = (ppm % 10_000).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
