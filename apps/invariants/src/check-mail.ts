// E-mail: each domain event that writes to the shopper is delivered once. What should have been
// written follows from the order store (each move to confirmed, cancelled and shipped) and the
// payment store (each refund, each declined payment); the notification service's deliveries must match
// it per address and kind, each sent, and the mail the SMTP sink received must match the sent
// deliveries per address (a delivery sent twice shows there).
import type { Snapshot } from './snapshot.js';
import { CAPTURED_STATUSES, groupBy, sumBy, type Violation } from './violation.js';

const KIND_OF_MOVE: Record<string, string> = {
  confirmed: 'order_confirmed',
  cancelled: 'order_cancelled',
  shipped: 'order_shipped',
};

/** The kinds of e-mail the order and payment events send; others (sign-up, stock alerts) are not checked. */
export const ORDER_MAIL_KINDS = new Set([...Object.values(KIND_OF_MOVE), 'refund_issued', 'payment_failed']);

const key = (recipient: string, kind: string) => `${recipient.toLowerCase()} ${kind}`;

export function checkMail(snapshot: Snapshot): Violation[] {
  const orders = new Map(snapshot.orders.map((order) => [order.id, order]));
  const expected = new Map<string, number>();
  const expect = (orderId: string, kind: string) => {
    const order = orders.get(orderId);
    if (order) expected.set(key(order.email, kind), (expected.get(key(order.email, kind)) ?? 0) + 1);
  };
  for (const transition of snapshot.transitions) {
    const kind = KIND_OF_MOVE[transition.to];
    if (kind) expect(transition.orderId, kind);
  }
  // A refund is not an order move (a partial one leaves the status as it is): the payment's refund
  // rows are the refunds. Each announces itself by e-mail except the one an admin's cancel makes of
  // a captured payment, which the cancellation e-mail covers, and the one a dearer exchange's
  // payment makes when its replacement is returned, which rides with that return's refund e-mail.
  const exchangeCharges = new Set(snapshot.returns.flatMap((ret) => ret.chargePaymentId ?? []));
  const refundsOf = sumBy(
    snapshot.refunds.filter((refund) => !exchangeCharges.has(refund.paymentId)),
    (refund) => refund.paymentId,
    () => 1,
  );
  for (const payment of snapshot.payments) {
    if (payment.status === 'failed') expect(payment.orderId, 'payment_failed');
    const order = orders.get(payment.orderId);
    const cancelRefund = order?.status === 'cancelled' && CAPTURED_STATUSES.has(payment.status) ? 1 : 0;
    const refunds = (refundsOf.get(payment.id) ?? 0) - cancelRefund;
    for (let refund = 0; refund < refunds; refund++) expect(payment.orderId, 'refund_issued');
  }

  const violations: Violation[] = [];
  const ordersOf = (recipient: string) =>
    snapshot.orders.filter((order) => order.email.toLowerCase() === recipient.toLowerCase());
  const refsOf = (recipient: string) =>
    ordersOf(recipient).flatMap((order) => [`order:${order.id}`, `cart:${order.cartId}`]);

  const delivered = groupBy(
    snapshot.deliveries.filter((delivery) => ORDER_MAIL_KINDS.has(delivery.kind)),
    (delivery) => key(delivery.recipient, delivery.kind),
  );
  for (const name of new Set([...expected.keys(), ...delivered.keys()])) {
    const [recipient = '', kind = ''] = name.split(' ');
    const want = expected.get(name) ?? 0;
    const got = delivered.get(name) ?? [];
    if (got.length !== want) {
      violations.push({
        invariant: 'email-once-per-event',
        entity: `mail:${recipient}`,
        message: `${want} ${kind} e-mail(s) to ${recipient} expected from the orders' history, ${got.length} queued`,
        refs: refsOf(recipient),
      });
    }
    const unsent = got.filter((delivery) => delivery.status !== 'sent' && delivery.status !== 'suppressed');
    if (unsent.length > 0) {
      violations.push({
        invariant: 'email-sent',
        entity: `mail:${recipient}`,
        message: `${unsent.length} ${kind} e-mail(s) to ${recipient} not sent: ${unsent.map((d) => d.status).join(', ')}`,
        refs: refsOf(recipient),
      });
    }
  }

  const sentTo = groupBy(
    snapshot.deliveries.filter((delivery) => delivery.status === 'sent'),
    (delivery) => delivery.recipient.toLowerCase(),
  );
  const received = groupBy(
    snapshot.mails.flatMap((mail) => mail.recipients.map((recipient) => ({ recipient, mail }))),
    (entry) => entry.recipient.toLowerCase(),
  );
  for (const recipient of new Set([...sentTo.keys(), ...received.keys()])) {
    const sent = sentTo.get(recipient)?.length ?? 0;
    const arrived = received.get(recipient)?.length ?? 0;
    if (sent !== arrived) {
      violations.push({
        invariant: 'email-sent-once',
        entity: `mail:${recipient}`,
        message: `${sent} e-mail(s) to ${recipient} recorded as sent, ${arrived} received by the mail server`,
        refs: refsOf(recipient),
      });
    }
  }
  return violations;
}
