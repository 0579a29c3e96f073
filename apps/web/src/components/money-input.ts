// Prices typed by people ("12.5", "12.50", "12") to integer minor units, without floating point.

/** Minor units for a decimal text with at most `digits` decimals; undefined when it is not one. */
export function toMinorUnits(text: string, digits = 2): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** The decimal text of minor units, e.g. 1299 → "12.99" (for editing an existing price). */
export function fromMinorUnits(amount: number, digits = 2): string {
  if (digits === 0) return String(amount);
  const whole = Math.floor(amount / 10 ** digits);
  const fraction = String(amount % 10 ** digits).padStart(digits, '0');
  return `${whole}.${fraction}`;
}
