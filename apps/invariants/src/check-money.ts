// Money: what each order says was paid and refunded agrees with the payments, the payments with
// their refunds, and the payments with the card network's own books (the sandbox's charges). An
// exchange for a dearer variant charges its difference on a payment of its own: captured exactly
// when the exchange completed, and counted in what the order keeps; returning the replacement
// refunds the difference from that payment, beside the order's own refunds.
import type { Snapshot } from './snapshot.js';
import { CAPTURED_STATUSES, groupBy, PAID_STATUSES, sumBy, type Violation } from './violation.js';

/** Payment statuses under which the provider holds or held a charge for the payment. */
const CHARGED_STATUSES = new Set([...CAPTURED_STATUSES, 'authorized', 'voided']);

export function checkMoney(snapshot: Snapshot): Violation[] {
  const violations: Violation[] = [];
  const orders = new Map(snapshot.orders.map((order) => [order.id, order]));
  const charges = new Map(snapshot.charges.map((charge) => [charge.id, charge]));
  const refundRows = sumBy(
    snapshot.refunds,
    (refund) => refund.paymentId,
    (refund) => refund.amount,
  );
  const paymentsOf = groupBy(snapshot.payments, (payment) => payment.orderId);
  const payments = new Map(snapshot.payments.map((payment) => [payment.id, payment]));
  const exchangeCharges = new Set(snapshot.returns.flatMap((ret) => ret.chargePaymentId ?? []));
  /** Per order, the differences of its completed exchanges the shopper paid. */
  const charged = sumBy(
    snapshot.returns.filter((ret) => ret.status === 'exchanged' && ret.difference > 0),
    (ret) => ret.orderId,
    (ret) => ret.difference,
  );
  /** Per order, what refunded returns gave back from exchanges' own payments. */
  const chargeRefunded = sumBy(
    snapshot.returns,
    (ret) => ret.orderId,
    (ret) => ret.chargeRefunded,
  );

  for (const ret of snapshot.returns.filter((r) => r.kind === 'exchange' && r.difference > 0)) {
    const charge = ret.chargePaymentId ? payments.get(ret.chargePaymentId) : undefined;
    const captured = charge !== undefined && CAPTURED_STATUSES.has(charge.status);
    const due = ret.status === 'exchanged';
    if (captured !== due || (charge && charge.amount !== ret.difference)) {
      violations.push({
        invariant: 'exchange-difference-charged',
        entity: `return:${ret.id}`,
        message:
          `exchange ${ret.id} (${ret.status}) owes ${ret.difference}; its charge ${ret.chargePaymentId ?? 'none'} is ` +
          `${charge ? `${charge.status}, ${charge.amount}` : 'missing'}`,
        refs: [`order:${ret.orderId}`],
      });
    }
  }

  for (const payment of snapshot.payments) {
    const entity = `payment:${payment.id}`;
    const refs = [`order:${payment.orderId}`];
    const add = (invariant: string, message: string) => violations.push({ invariant, entity, message, refs });
    if (!orders.has(payment.orderId)) {
      add(
        'payment-belongs-to-order',
        `payment ${payment.id} names order ${payment.orderId}, which does not exist`,
      );
    }
    const refunded = refundRows.get(payment.id) ?? 0;
    if (refunded !== payment.refundedAmount) {
      add(
        'payment-refunds-recorded',
        `payment ${payment.id} says ${payment.refundedAmount} refunded, its refund rows add up to ${refunded}`,
      );
    }
    const captured = CAPTURED_STATUSES.has(payment.status) ? payment.amount : 0;
    if (Math.max(refunded, payment.refundedAmount) > captured) {
      add(
        'refund-within-capture',
        `payment ${payment.id} (${payment.status}) captured ${captured} but refunded ${Math.max(refunded, payment.refundedAmount)}`,
      );
    }
    if (!CHARGED_STATUSES.has(payment.status)) continue;
    const charge = payment.providerRef ? charges.get(payment.providerRef) : undefined;
    if (!charge) {
      add(
        'provider-agrees',
        `payment ${payment.id} is ${payment.status} but the provider has no charge for it`,
      );
    } else if (
      charge.amount !== payment.amount ||
      charge.refundedAmount !== payment.refundedAmount ||
      CAPTURED_STATUSES.has(charge.status) !== CAPTURED_STATUSES.has(payment.status)
    ) {
      add(
        'provider-agrees',
        `payment ${payment.id} is ${payment.status}, ${payment.amount} with ${payment.refundedAmount} refunded; ` +
          `the provider's charge is ${charge.status}, ${charge.amount} with ${charge.refundedAmount} refunded`,
      );
    }
  }

  const referenced = new Set(snapshot.payments.map((payment) => payment.providerRef));
  for (const charge of snapshot.charges) {
    if (CAPTURED_STATUSES.has(charge.status) && !referenced.has(charge.id)) {
      violations.push({
        invariant: 'provider-agrees',
        entity: `charge:${charge.id}`,
        message: `the provider captured charge ${charge.id} (${charge.amount}) that no payment records`,
        refs: [],
      });
    }
  }

  for (const order of snapshot.orders) {
    const entity = `order:${order.id}`;
    const refs = [entity, `cart:${order.cartId}`];
    const add = (invariant: string, message: string) => violations.push({ invariant, entity, message, refs });
    const payments = paymentsOf.get(order.id) ?? [];
    const captures = payments.filter((payment) => CAPTURED_STATUSES.has(payment.status));
    // The order's own payment; an exchange's difference is captured on a payment beside it.
    const orderCaptures = captures.filter((payment) => !exchangeCharges.has(payment.id));
    const paid = PAID_STATUSES.has(order.status);
    if (paid && (orderCaptures.length !== 1 || orderCaptures[0]!.id !== order.paymentId)) {
      add(
        'one-capture-per-paid-order',
        `order ${order.id} is ${order.status} with payment ${order.paymentId}, ` +
          `but its captured payments are [${orderCaptures.map((payment) => payment.id).join(', ')}]`,
      );
    }
    if (!paid && orderCaptures.length > 1) {
      add(
        'one-capture-per-paid-order',
        `${order.status} order ${order.id} has ${orderCaptures.length} captured payments`,
      );
    }
    const refundsOf = (list: typeof payments) =>
      list.reduce((sum, payment) => sum + payment.refundedAmount, 0);
    const paymentRefunds = refundsOf(payments.filter((payment) => !exchangeCharges.has(payment.id)));
    if (order.refunded !== paymentRefunds) {
      add(
        'order-refunds-match-payments',
        `order ${order.id} says ${order.refunded} refunded, its payment says ${paymentRefunds}`,
      );
    }
    const differencesBack = chargeRefunded.get(order.id) ?? 0;
    const chargeRefunds = refundsOf(payments.filter((payment) => exchangeCharges.has(payment.id)));
    if (differencesBack !== chargeRefunds) {
      add(
        'order-refunds-match-payments',
        `order ${order.id}'s returns gave ${differencesBack} of exchange differences back, their payments say ${chargeRefunds}`,
      );
    }
    if (order.refunded > order.total) {
      add('refund-within-order', `order ${order.id} refunded ${order.refunded} of a ${order.total} total`);
    }
    const kept = captures.reduce((sum, payment) => sum + payment.amount - payment.refundedAmount, 0);
    const differences = charged.get(order.id) ?? 0;
    const owed = paid ? order.total + differences - order.refunded - differencesBack : 0;
    if (kept !== owed) {
      add(
        'money-conserved',
        `order ${order.id} (${order.status}, total ${order.total}, exchange differences ${differences}, ` +
          `refunded ${order.refunded}) should leave ${owed} with the shop; its payments kept ${kept}`,
      );
    }
  }
  return violations;
}
