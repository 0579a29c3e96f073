// What a shopper may still return and what a return is owed. Pure, so the money arithmetic is
// unit-tested apart from storage.
//
// A return is owed its lines' price, its share of any tax added on top of the prices and, when the
// shop chooses, the shipping (once per order) with its share. Where prices include their tax (EU
// VAT) nothing was added: the lines' price already holds it. Where tax was added (US sales tax),
// a return's share is the added tax on everything returned so far less the added tax on what was
// returned before it, each rounded: however an order is returned in parts, the shares add up to
// the added tax exactly and refunds never exceed what was paid.
//
// An exchange's replacement is a unit of the order too: once its parcel is delivered it may be
// sent back like the order's own lines, valued at what the shopper kept paying for it: the
// replaced unit's price (less a cheaper difference refunded) through the order's refunds, and a
// dearer difference through the payment that captured it (chargeRefundsOwed).
import type { OrderLineSnapshot, StoredOrder } from '../repositories/orders.js';
import type { ChargeRefund, StoredReturn } from '../repositories/returns.js';

interface Line {
  sku: string;
  quantity: number;
}

/** Ordered (or delivered as a replacement) minus what returns not rejected already claim, per SKU. */
export function returnableBySku(
  ordered: Line[],
  returns: { status: string; lines: Line[] }[],
): Map<string, number> {
  const left = new Map<string, number>();
  for (const line of ordered) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const earlier of returns) {
    if (earlier.status === 'rejected') continue;
    for (const line of earlier.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

/** The price of these units as the shopper paid it (`orderLines`: see linesWithReplacements). */
export function linesAmount(
  orderLines: Pick<OrderLineSnapshot, 'sku' | 'unitPrice'>[],
  lines: Line[],
): number {
  const bySku = new Map(orderLines.map((line) => [line.sku, line]));
  return lines.reduce((sum, line) => sum + bySku.get(line.sku)!.unitPrice.amount * line.quantity, 0);
}

type OrderAmounts = Pick<StoredOrder, 'subtotal' | 'shipping' | 'total'>;

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

/** `amount` less its added tax share (none where prices hold their tax), rounded. */
function withoutAddedTax(order: OrderAmounts, amount: number): number {
  const taxed = order.subtotal + order.shipping;
  return taxed === 0 ? amount : Math.round((amount * taxed) / (taxed + addedTax(order)));
}

type ExchangeFacts = Pick<
  StoredReturn,
  'id' | 'kind' | 'status' | 'lines' | 'replacementSku' | 'difference' | 'chargePaymentId' | 'chargeCaptured'
>;

/** The finished exchanges whose replacement is a line of its own: the first one for each new SKU. */
function shippedReplacements<T extends Pick<StoredReturn, 'kind' | 'status' | 'replacementSku'>>(
  orderLines: { sku: string }[],
  returns: T[],
): T[] {
  const seen = new Set(orderLines.map((line) => line.sku));
  return returns.filter((exchange) => {
    if (exchange.kind !== 'exchange' || exchange.status !== 'exchanged') return false;
    if (seen.has(exchange.replacementSku!)) return false;
    seen.add(exchange.replacementSku!);
    return true;
  });
}

/**
 * What the payments of dearer exchanges give back for the replacements among `lines`: each
 * difference (its tax included) shared over the replacement's units the way the tax is shared —
 * the share of everything returned so far less the share of what was returned before, half up —
 * so however the units come back in parts, the refunds add up to the difference exactly.
 * `returnedBefore`: units per SKU in returns received before this one.
 */
export function chargeRefundsOwed(
  order: { lines: { sku: string }[] },
  returns: ExchangeFacts[],
  lines: Line[],
  returnedBefore: Map<string, number>,
): ChargeRefund[] {
  const owed: ChargeRefund[] = [];
  for (const exchange of shippedReplacements(order.lines, returns)) {
    const difference = exchange.difference ?? 0;
    if (difference <= 0 || !exchange.chargeCaptured || !exchange.chargePaymentId) continue;
    const returned = lines.find((line) => line.sku === exchange.replacementSku);
    if (!returned) continue;
    const units = exchange.lines[0]!.quantity;
    const share = (count: number) => Math.floor((2 * difference * count + units) / (2 * units));
    const before = returnedBefore.get(returned.sku) ?? 0;
    const amount = share(before + returned.quantity) - share(before);
    if (amount > 0) owed.push({ exchangeId: exchange.id, paymentId: exchange.chargePaymentId, amount });
  }
  return owed;
}

/**
 * The order's lines followed by the replacements its finished exchanges shipped, each a line of
 * its own. A replacement's price is the replaced unit's less the share of a refunded (cheaper)
 * difference before tax, so returning it never refunds more than the order's payment kept for it;
 * a dearer difference was charged on a payment of its own, which gives it back (chargeRefundsOwed).
 */
export function linesWithReplacements(
  order: Pick<StoredOrder, 'lines' | 'currency'> & OrderAmounts,
  returns: Pick<
    StoredReturn,
    'kind' | 'status' | 'lines' | 'replacementSku' | 'replacementTitle' | 'difference'
  >[],
): OrderLineSnapshot[] {
  const lines = [...order.lines];
  for (const exchange of shippedReplacements(order.lines, returns)) {
    const sku = exchange.replacementSku!;
    const returned = exchange.lines[0]!;
    const replaced = order.lines.find((line) => line.sku === returned.sku)!;
    const refundedPerUnit = Math.round(
      withoutAddedTax(order, Math.max(0, -(exchange.difference ?? 0))) / returned.quantity,
    );
    const amount = replaced.unitPrice.amount - refundedPerUnit;
    lines.push({
      sku,
      productId: replaced.productId,
      title: exchange.replacementTitle!,
      quantity: returned.quantity,
      unitPrice: { amount, currency: order.currency },
      lineTotal: { amount: amount * returned.quantity, currency: order.currency },
    });
  }
  return lines;
}
