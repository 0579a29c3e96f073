// Largest-remainder allocation: shares add up to the amount exactly, never exceed a line, follow
// the proportions, and come out the same whether number or bigint arithmetic was needed.
import { describe, expect, it } from 'vitest';
import { allocateProportionally } from '../src/money/allocate.js';

describe('allocateProportionally', () => {
  it.each([
    [100, [333, 333, 334], [33, 33, 34]],
    [2, [1, 1, 1], [1, 1, 0]],
    [10, [1, 2, 3, 4], [1, 2, 3, 4]],
    [7, [5, 0, 5], [4, 0, 3]],
    [0, [5, 5], [0, 0]],
    [1, [3, 3, 3, 1], [1, 0, 0, 0]],
  ])('splits %i over %j as %j', (total, weights, shares) => {
    expect(allocateProportionally(total, weights)).toEqual(shares);
  });

  it('splits amounts whose products pass 2^53 exactly, by the same rule', () => {
    // 999 units of 9,999,999,999.99 and a small line: sum × total is far beyond 2^53.
    const big = 999_999_999_999 * 999;
    const weights = [big, 1_001, big - 7];
    const total = big - 3;
    const shares = allocateProportionally(total, weights);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    shares.forEach((share, i) => {
      expect(share).toBeLessThanOrEqual(weights[i]!);
      // Within one unit of the exact proportion.
      const exact = (BigInt(weights[i]!) * BigInt(total)) / BigInt(weights.reduce((a, b) => a + b, 0));
      expect(BigInt(share) - exact).toBeGreaterThanOrEqual(0n);
      expect(BigInt(share) - exact).toBeLessThanOrEqual(1n);
    });
  });

  it('refuses more than there is to take from', () => {
    expect(() => allocateProportionally(11, [5, 5])).toThrow(RangeError);
  });
});
