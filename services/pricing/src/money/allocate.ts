// Splitting an amount over lines in proportion to their amounts, largest remainder first, so the
// shares add up to the amount exactly (no minor unit lost or invented by rounding) and no line
// gets more than its own amount. A discount spread this way makes each line's tax, and the refund
// of a single line, exact (ADR 0013).

/** `total` split by `weights` (non-negative integers, total ≤ their sum); shares sum to total. */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total < 0 || total > sum) throw new RangeError(`cannot allocate ${total} over ${sum}`);
  if (total === 0) return weights.map(() => 0);
  if (total === sum) return [...weights];
  // Each weight × total is at most sum × total: while that is a safe integer, number arithmetic
  // is exact and far cheaper than bigint (this runs once per promotion per quote).
  return Number.isSafeInteger(sum * total)
    ? byLargestRemainder(
        total,
        weights.map((weight) => weight * total),
        (numerator) => [Math.floor(numerator / sum), numerator % sum] as const,
      )
    : byLargestRemainder(
        total,
        weights.map((weight) => BigInt(weight) * BigInt(total)),
        (numerator) => {
          const whole = BigInt(sum);
          // A share is at most its weight, so it fits a number; the remainder stays exact.
          return [Number(numerator / whole), numerator % whole] as const;
        },
      );
}

function byLargestRemainder<N extends number | bigint>(
  total: number,
  numerators: N[],
  divide: (numerator: N) => readonly [share: number, remainder: N],
): number[] {
  const divided = numerators.map(divide);
  const shares = divided.map(([share]) => share);
  let left = total - shares.reduce((acc, share) => acc + share, 0);
  if (left === 0) return shares;
  // Ties go to the earlier line, so the same cart always gets the same split.
  const byRemainder = divided
    .map(([, remainder], index) => ({ index, remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left--;
  }
  return shares;
}
