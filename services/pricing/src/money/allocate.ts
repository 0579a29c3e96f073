// Splitting an amount over lines in proportion to their amounts, largest remainder first, so the
// shares add up to the amount exactly (no minor unit lost or invented by rounding) and no line
// gets more than its own amount. A discount spread this way makes each line's tax, and the refund
// of a single line, exact (ADR 0013).

/** `total` split by `weights` (non-negative integers, total ≤ their sum); shares sum to total. */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total < 0 || total > sum) throw new RangeError(`cannot allocate ${total} over ${sum}`);
  if (total === 0) return weights.map(() => 0);
  const whole = BigInt(sum);
  const exact = weights.map((weight) => BigInt(weight) * BigInt(total));
  const shares = exact.map((numerator) => numerator / whole);
  let left = total - shares.reduce((acc, share) => acc + Number(share), 0);
  // Ties go to the earlier line, so the same cart always gets the same split.
  const byRemainder = exact
    .map((numerator, index) => ({ index, remainder: numerator % whole }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1n;
    left--;
  }
  return shares.map(Number);
}
