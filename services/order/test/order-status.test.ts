import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition } from '../src/orders/order-status.js';

describe('order state machine', () => {
  it('walks the happy path from pending to delivered', () => {
    const path = [
      'pending',
      'stock_reserved',
      'payment_authorized',
      'confirmed',
      'shipped',
      'delivered',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('cancels only before shipping and refunds only once paid', () => {
    expect(canTransition('payment_authorized', 'cancelled')).toBe(true);
    expect(canTransition('confirmed', 'cancelled')).toBe(true);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    // A refused checkout ends as an attempt, only while the saga still owns the order.
    expect(canTransition('stock_reserved', 'checkout_failed')).toBe(true);
    expect(canTransition('confirmed', 'checkout_failed')).toBe(false);
    expect(canTransition('checkout_failed', 'pending')).toBe(false);
    expect(canTransition('delivered', 'refunded')).toBe(true);
    expect(canTransition('pending', 'refunded')).toBe(false);
  });

  it('refuses to skip steps or leave a final status, with a 409 naming both', () => {
    expect(canTransition('pending', 'confirmed')).toBe(false);
    expect(canTransition('cancelled', 'confirmed')).toBe(false);
    expect(() => assertTransition('refunded', 'shipped')).toThrow(/refunded cannot become shipped/);
  });
});
