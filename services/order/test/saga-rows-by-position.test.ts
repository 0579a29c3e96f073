// Saga rows as the release that kept progress by step position wrote them, read as the steps
// taken by name: such a release may still write while the new one runs (a rolling deploy).
import { describe, expect, it } from 'vitest';
import { takenOf } from '../src/checkout/checkout-saga-store.js';

const STEPS = [
  'redeemPromotions',
  'reserveStock',
  'authorizePayment',
  'commitStock',
  'confirmOrder',
  'capturePayment',
];

describe('saga rows saved by step position', () => {
  const row = (
    status: 'running' | 'compensating' | 'completed' | 'compensated',
    stepIndex: number,
    taken: string[] | null = null,
  ) => ({
    status,
    stepIndex,
    taken,
  });

  it('reads the steps a release keyed by position took from the position', () => {
    expect(takenOf(row('running', 0))).toEqual([]);
    expect(takenOf(row('running', 3))).toEqual(STEPS.slice(0, 3));
    // Compensating: the position is the next step to undo, which was taken too.
    expect(takenOf(row('compensating', 2))).toEqual(STEPS.slice(0, 3));
    expect(takenOf(row('compensating', -1))).toEqual([]);
    expect(takenOf(row('completed', 6))).toEqual(STEPS);
    expect(takenOf(row('compensated', -1))).toEqual([]);
  });

  it('trusts the names a row keeps unless a release keyed by position moved it on since', () => {
    const withFraud = ['redeemPromotions', 'reserveStock', 'checkFraud'];
    expect(takenOf(row('running', 3, withFraud))).toEqual(withFraud);
    expect(takenOf(row('compensating', 2, withFraud))).toEqual(withFraud);
    // Written by names at position 2, then moved to position 4 by a release that writes no names.
    expect(takenOf(row('running', 4, STEPS.slice(0, 2)))).toEqual(STEPS.slice(0, 4));
  });
});
