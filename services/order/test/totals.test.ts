import { describe, expect, it } from 'vitest';
import { computeTotals } from '../src/checkout/totals.js';

describe('order totals', () => {
  it('adds flat standard shipping and the destination country tax on goods and shipping', () => {
    expect(computeTotals([{ unitPrice: 1250, quantity: 2 }], 'standard', 'DE')).toEqual({
      subtotal: 2500,
      shipping: 495,
      tax: 569,
      total: 3564,
    });
  });

  it('ships standard for free from 50.00 and charges express always', () => {
    expect(computeTotals([{ unitPrice: 5000, quantity: 1 }], 'standard', 'US').shipping).toBe(0);
    expect(computeTotals([{ unitPrice: 5000, quantity: 1 }], 'express', 'US').shipping).toBe(1495);
  });

  it('rounds tax half up to the minor unit and charges none where no rate is listed', () => {
    // CA 5 % of 515 + 495 shipping = 50.5 → 51
    expect(computeTotals([{ unitPrice: 515, quantity: 1 }], 'standard', 'CA').tax).toBe(51);
    expect(computeTotals([{ unitPrice: 1000, quantity: 1 }], 'standard', 'JP').tax).toBe(0);
  });
});
