// What a shopper may still return and what a return is owed. Pure, so the money arithmetic is
// unit-tested apart from storage.
//
// A return is owed its lines' price, its share of any tax added on top of the prices and, when the
// shop chooses, the shipping (once per order) with its share. Where prices include their tax (EU
// VAT) nothing was added: the lines' price already holds it. Where tax was added (US sales tax),
// a return's share is the added tax on everything returned so far less the added tax on what was
// returned before it, each rounded: however an order is returned in parts, the shares add up to
// the added tax exactly and refunds never exceed what was paid.
import type { OrderLineSnapshot, OrderRow } from '../repositories/orders.js';

interface Line {
  sku: string;
  quantity: number;
}

/** Ordered minus what returns not rejected already claim, per SKU. */
export function returnableBySku(
  ordered: Line[],
  returns: { status: string; lines: Line[] }[],
): Map<string, number> {
  const left = new Map(ordered.map((line) => [line.sku, line.quantity]));
  for (const earlier of returns) {
    if (earlier.status === 'rejected') continue;
    for (const line of earlier.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

/** The price of these units as the shopper paid it. */
export function linesAmount(orderLines: OrderLineSnapshot[], lines: Line[]): number {
  const bySku = new Map(orderLines.map((line) => [line.sku, line]));
  return lines.reduce((sum, line) => sum + bySku.get(line.sku)!.unitPrice.amount * line.quantity, 0);
}

type OrderAmounts = Pick<OrderRow, 'subtotal' | 'shipping' | 'total'>;

/** The tax the order added on top of its prices: none where the prices held it. */
const addedTax = (order: OrderAmounts) => order.total - order.subtotal - order.shipping;

/** The added tax's share of `base`, half up, as the checkout rounds tax. */
const taxOn = (order: OrderAmounts, base: number) => {
  const taxed = order.subtotal + order.shipping;
  return taxed === 0 ? 0 : Math.floor((addedTax(order) * base * 2 + taxed) / (2 * taxed));
};

/**
 * What a return is owed: `base` is its lines' amount plus the shipping when refunded with it;
 * `returnedBefore` the same for returns received before it.
 */
export function refundOwed(order: OrderAmounts, base: number, returnedBefore: number): number {
  return base + taxOn(order, returnedBefore + base) - taxOn(order, returnedBefore);
}

/**
 * What a change of `amount` in the price of units costs with its added tax (none where prices hold
 * their tax), half up; the sign of `amount` is kept: an exchange's difference.
 */
export function withAddedTax(order: OrderAmounts, amount: number): number {
  return Math.sign(amount) * (Math.abs(amount) + taxOn(order, Math.abs(amount)));
}
