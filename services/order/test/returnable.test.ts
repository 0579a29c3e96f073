// What can still be returned, and what a return is owed, in minor units.
import { describe, expect, it } from 'vitest';
import {
  chargeRefundsOwed,
  linesWithReplacements,
  refundOwed,
  returnableBySku,
} from '../src/returns/returnable.js';

describe('returns', () => {
  it('counts units claimed by returns that were not rejected', () => {
    const ordered = [{ sku: 'A', quantity: 3 }];
    const left = returnableBySku(ordered, [
      { status: 'refunded', lines: [{ sku: 'A', quantity: 1 }] },
      { status: 'rejected', lines: [{ sku: 'A', quantity: 2 }] },
    ]);
    expect(left.get('A')).toBe(2);
  });

  it('gives every return its share of tax added on top, so that the shares add up to it', () => {
    const order = { subtotal: 4500, shipping: 495, total: 4500 + 495 + 949 };
    const first = refundOwed(order, 2000, 0);
    const second = refundOwed(order, 1000 + 495, 2000);
    const third = refundOwed(order, 1500, 3495);
    expect([first, second, third]).toEqual([2380, 1779, 1785]);
    expect(first + second + third).toBe(4500 + 495 + 949);
    // One unit of 0.01 at a time still adds up.
    const cents = { subtotal: 3, shipping: 0, total: 4 };
    expect(refundOwed(cents, 1, 0) + refundOwed(cents, 1, 1) + refundOwed(cents, 1, 2)).toBe(4);
  });

  it('owes the prices alone where they included their tax', () => {
    const order = { subtotal: 4500, shipping: 495, total: 4995 };
    const owed = [
      refundOwed(order, 2000, 0),
      refundOwed(order, 1000 + 495, 2000),
      refundOwed(order, 1500, 3495),
    ];
    expect(owed).toEqual([2000, 1495, 1500]);
    expect(owed.reduce((sum, amount) => sum + amount, 0)).toBe(order.total);
  });

  it('prices a shipped replacement at the replaced unit less the refunded difference before tax', () => {
    const line = (sku: string, amount: number) => ({
      sku,
      productId: 'p',
      title: sku,
      quantity: 2,
      unitPrice: { amount, currency: 'USD' },
      lineTotal: { amount: amount * 2, currency: 'USD' },
    });
    const exchange = (status: string, sku: string, difference: number) => ({
      kind: 'exchange' as const,
      status: status as 'exchanged',
      lines: [{ sku: 'M', quantity: 2, restock: null, condition: null, restocked: false }],
      replacementSku: sku,
      replacementTitle: `Shirt ${sku}`,
      difference,
    });
    // 10 % added tax: a difference of -1100 refunded is -1000 of price.
    const order = { lines: [line('M', 2000)], currency: 'USD', subtotal: 4000, shipping: 0, total: 4400 };
    const lines = linesWithReplacements(order, [
      exchange('exchanged', 'S', -1100),
      exchange('rejected', 'XS', -2200),
      exchange('exchanged', 'L', 1100),
    ]);
    expect(lines.map((l) => [l.sku, l.unitPrice.amount, l.quantity])).toEqual([
      ['M', 2000, 2],
      ['S', 1500, 2],
      // A dearer difference was charged on a payment of its own: the order's refunds keep the unit's price.
      ['L', 2000, 2],
    ]);
  });

  it("gives a returned dearer replacement's difference back from its payment, in shares that add up", () => {
    const exchange = (id: string, sku: string, difference: number, captured = true) => ({
      id,
      kind: 'exchange' as const,
      status: 'exchanged' as const,
      lines: [{ sku: 'M', quantity: 3, restock: null, condition: null, restocked: false }],
      replacementSku: sku,
      difference,
      chargePaymentId: difference > 0 ? `pay-${id}` : null,
      chargeCaptured: captured,
    });
    const order = { lines: [{ sku: 'M' }] };
    const exchanges = [exchange('x1', 'L', 1000), exchange('x2', 'S', -600)];
    const owed = (lines: { sku: string; quantity: number }[], before: [string, number][] = []) =>
      chargeRefundsOwed(order, exchanges, lines, new Map(before));
    // Three units of L cost 1000 more: 333.33 each, half up per running total (333, 667, 1000).
    expect(owed([{ sku: 'L', quantity: 1 }])).toEqual([
      { exchangeId: 'x1', paymentId: 'pay-x1', amount: 333 },
    ]);
    expect(owed([{ sku: 'L', quantity: 1 }], [['L', 1]])).toEqual([
      { exchangeId: 'x1', paymentId: 'pay-x1', amount: 334 },
    ]);
    expect(owed([{ sku: 'L', quantity: 1 }], [['L', 2]])).toEqual([
      { exchangeId: 'x1', paymentId: 'pay-x1', amount: 333 },
    ]);
    expect(owed([{ sku: 'L', quantity: 3 }])).toEqual([
      { exchangeId: 'x1', paymentId: 'pay-x1', amount: 1000 },
    ]);
    // A cheaper replacement, or the order's own line, owes nothing from another payment.
    expect(owed([{ sku: 'S', quantity: 3 }])).toEqual([]);
    expect(owed([{ sku: 'M', quantity: 1 }])).toEqual([]);
    // A difference not captured (yet) was not paid: nothing to give back.
    expect(
      chargeRefundsOwed(order, [exchange('x3', 'L', 1000, false)], [{ sku: 'L', quantity: 3 }], new Map()),
    ).toEqual([]);
  });
});
