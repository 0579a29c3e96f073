// What can still be returned, and what a return is owed, in minor units.
import { describe, expect, it } from 'vitest';
import { refundOwed, returnableBySku } from '../src/returns/returnable.js';

describe('returns', () => {
  it('counts units claimed by returns that were not rejected', () => {
    const ordered = [{ sku: 'A', quantity: 3 }];
    const left = returnableBySku(ordered, [
      { status: 'refunded', lines: [{ sku: 'A', quantity: 1 }] },
      { status: 'rejected', lines: [{ sku: 'A', quantity: 2 }] },
    ]);
    expect(left.get('A')).toBe(2);
  });

  it('gives every return its tax share so that the shares add up to the tax', () => {
    const order = { subtotal: 4500, shipping: 495, tax: 949 };
    const first = refundOwed(order, 2000, 0);
    const second = refundOwed(order, 1000 + 495, 2000);
    const third = refundOwed(order, 1500, 3495);
    expect([first, second, third]).toEqual([2380, 1779, 1785]);
    expect(first + second + third).toBe(4500 + 495 + 949);
    // One unit of 0.01 at a time still adds up.
    const cents = { subtotal: 3, shipping: 0, tax: 1 };
    expect(refundOwed(cents, 1, 0) + refundOwed(cents, 1, 1) + refundOwed(cents, 1, 2)).toBe(4);
  });
});
