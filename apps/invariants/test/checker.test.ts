// The checker's logic on a snapshot: silent on a consistent world, and each planted wrong row is
// reported as exactly the violation it is.
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { subsetSums } from '../src/check-stock.js';
import type { Snapshot } from '../src/snapshot.js';
import { consistentSnapshot, exchangedSnapshot, initialStock, operations } from './snapshot-fixture.js';

const violationsOf = (snapshot: Snapshot, ops = operations, faults = false) =>
  check({ initialStock, snapshot, operations: ops, faults }).map(
    ({ invariant, entity }) => `${invariant} ${entity}`,
  );

describe('the invariant checker', () => {
  it('finds nothing wrong in a consistent snapshot', () => {
    expect(check({ initialStock, snapshot: consistentSnapshot(), operations, faults: false })).toEqual([]);
  });

  it('reports an answer with a 5xx status, or none, unless faults were injected', () => {
    const failed = [
      { ...operations[0]!, index: 90, status: 503 },
      { ...operations[0]!, index: 91, status: 0, error: 'connection reset' },
      // Shed at admission: refused before any work, with a time to come back.
      { ...operations[0]!, index: 92, status: 503, answer: { type: 'checkout-busy', retryAfter: 2 } },
    ];
    const ops = [...operations, ...failed];
    expect(violationsOf(consistentSnapshot(), ops)).toEqual([
      'no-server-error operation:90',
      'no-server-error operation:91',
    ]);
    expect(check({ initialStock, snapshot: consistentSnapshot(), operations: ops, faults: true })).toEqual(
      [],
    );
  });

  it("reports an order whose refunded amount disagrees with its payment's", () => {
    const snapshot = consistentSnapshot();
    snapshot.orders[0]!.refunded = 600;
    expect(violationsOf(snapshot)).toEqual([
      'order-refunds-match-payments order:o1',
      'money-conserved order:o1',
    ]);
  });

  it('reports a second captured payment of one order', () => {
    const snapshot = consistentSnapshot();
    snapshot.payments.push({
      id: 'p9',
      orderId: 'o2',
      amount: 500,
      refundedAmount: 0,
      status: 'captured',
      providerRef: 'ch9',
    });
    snapshot.charges.push({ id: 'ch9', amount: 500, refundedAmount: 0, status: 'captured' });
    expect(violationsOf(snapshot)).toEqual([
      'one-capture-per-paid-order order:o2',
      'money-conserved order:o2',
    ]);
  });

  it('finds nothing wrong after an exchange that was charged its difference and restocked', () => {
    expect(violationsOf(exchangedSnapshot())).toEqual([]);
  });

  it("reports an exchange's difference captured before it completed, and money not conserved", () => {
    const snapshot = exchangedSnapshot();
    snapshot.returns[0]!.status = 'received';
    expect(violationsOf(snapshot)).toEqual([
      'exchange-difference-charged return:x1',
      'money-conserved order:o1',
    ]);
  });

  it("conserves money when a dearer exchange's replacement is returned with its difference", () => {
    // o1 took B for 100 more on p4; B comes back and p4 gives the whole difference back (the
    // order's own payment's part is checked as for any return).
    const snapshot = exchangedSnapshot();
    snapshot.returns.push({
      id: 'r9',
      orderId: 'o1',
      kind: 'return',
      status: 'refunded',
      difference: 0,
      chargePaymentId: null,
      chargeRefunded: 100,
      replacementSku: null,
      replacementReservationId: null,
      lines: [{ sku: 'B', quantity: 1, restocked: false }],
    });
    snapshot.payments[3]!.refundedAmount = 100;
    snapshot.payments[3]!.status = 'refunded';
    snapshot.charges[3]!.refundedAmount = 100;
    snapshot.charges[3]!.status = 'refunded';
    snapshot.refunds.push({ id: 'r9-charge', paymentId: 'p4', amount: 100 });
    expect(violationsOf(snapshot)).toEqual([]);

    // Had the difference stayed with the shop, the order's returns and the payments would disagree.
    snapshot.returns[1]!.chargeRefunded = 0;
    expect(violationsOf(snapshot)).toEqual([
      'order-refunds-match-payments order:o1',
      'money-conserved order:o1',
    ]);
  });

  it('reports a returned unit restocked twice and a replacement held with no exchange waiting', () => {
    const snapshot = exchangedSnapshot();
    snapshot.stock[0]!.available += 1;
    snapshot.reservations.push({ id: 'x2', status: 'reserved', lines: [{ sku: 'B', quantity: 1 }] });
    expect(violationsOf(snapshot)).toEqual(['stock-conserved sku:A', 'no-reservation-left order:x2']);
  });

  it('reports refund rows that do not add up to what the payment says, and a refund past the capture', () => {
    const snapshot = consistentSnapshot();
    snapshot.refunds.push({ id: 'r3', paymentId: 'p2', amount: 900 });
    expect(violationsOf(snapshot)).toEqual([
      'payment-refunds-recorded payment:p2',
      'refund-within-capture payment:p2',
      'email-once-per-event mail:bob@example.com',
    ]);
  });

  it("reports a payment the provider's books disagree with, and a captured charge no payment records", () => {
    const snapshot = consistentSnapshot();
    snapshot.charges[1]!.refundedAmount = 100;
    snapshot.charges.push({ id: 'ch-lost', amount: 400, refundedAmount: 0, status: 'captured' });
    expect(violationsOf(snapshot)).toEqual(['provider-agrees payment:p2', 'provider-agrees charge:ch-lost']);
  });

  it('reports a payment of an order that does not exist', () => {
    const snapshot = consistentSnapshot();
    snapshot.payments.push({
      id: 'p8',
      orderId: 'nowhere',
      amount: 100,
      refundedAmount: 0,
      status: 'voided',
      providerRef: 'ch8',
    });
    snapshot.charges.push({ id: 'ch8', amount: 100, refundedAmount: 0, status: 'voided' });
    expect(violationsOf(snapshot)).toEqual(['payment-belongs-to-order payment:p8']);
  });

  it('reports two live orders of one cart', () => {
    const snapshot = consistentSnapshot();
    snapshot.orders[1]!.cartId = 'c1';
    expect(violationsOf(snapshot)).toEqual(['one-live-order-per-cart cart:c1']);
  });

  it('reports a stock row that does not match initial + restocked − sold', () => {
    const snapshot = consistentSnapshot();
    snapshot.stock[0]!.available = 8;
    expect(violationsOf(snapshot)).toEqual(['stock-conserved sku:A']);
  });

  it('counts the stock of a paid order cancelled later as returned', () => {
    const snapshot = consistentSnapshot();
    snapshot.orders[1]!.status = 'cancelled';
    snapshot.orders[1]!.refunded = 500;
    snapshot.payments[1]!.refundedAmount = 500;
    snapshot.payments[1]!.status = 'refunded';
    snapshot.charges[1]!.refundedAmount = 500;
    snapshot.charges[1]!.status = 'refunded';
    snapshot.refunds.push({ id: 'r9', paymentId: 'p2', amount: 500 });
    snapshot.transitions.push({ orderId: 'o2', from: 'confirmed', to: 'cancelled' });
    snapshot.reservations[1]!.status = 'released';
    snapshot.stock[0]!.available = 8;
    snapshot.stock[1]!.available = 8;
    snapshot.deliveries.push({
      id: 'd9',
      eventId: 'e9',
      kind: 'order_cancelled',
      recipient: 'bob@example.com',
      status: 'sent',
    });
    snapshot.mails.push({ recipients: ['bob@example.com'], subject: 'cancelled' });
    expect(violationsOf(snapshot)).toEqual([]);
  });

  // Only a fault leaves a request unanswered: the run had faults.
  it('allows a restock that got no answer to have happened or not, and nothing else', () => {
    const unanswered = [
      ...operations,
      { ...operations[0]!, index: 1, status: 0, request: { quantity: 2 }, path: '/admin/stock/A/restock' },
    ];
    const snapshot = consistentSnapshot();
    expect(violationsOf(snapshot, unanswered, true)).toEqual([]);
    snapshot.stock[0]!.available = 9;
    expect(violationsOf(snapshot, unanswered, true)).toEqual([]);
    snapshot.stock[0]!.available = 10;
    expect(violationsOf(snapshot, unanswered, true)).toEqual(['stock-conserved sku:A']);
    expect([...subsetSums([2, 3])].sort()).toEqual([0, 2, 3, 5]);
  });

  it('reports units still reserved and a reservation left holding them', () => {
    const snapshot = consistentSnapshot();
    snapshot.stock[1]!.available = 3;
    snapshot.stock[1]!.reserved = 1;
    snapshot.stock[1]!.holds = { o3: 1 };
    snapshot.reservations[2]!.status = 'reserved';
    expect(violationsOf(snapshot)).toEqual(['no-reservation-left sku:B', 'no-reservation-left order:o3']);
  });

  it('reports a cancelled order whose sold units were never put back', () => {
    const snapshot = consistentSnapshot();
    snapshot.reservations[2]!.status = 'committed';
    expect(violationsOf(snapshot)).toEqual(['reservation-matches-order order:o3']);
  });

  it('reports an e-mail queued twice for one event, one never sent, and one sent twice', () => {
    const snapshot = consistentSnapshot();
    snapshot.deliveries.push({
      id: 'd10',
      eventId: 'e10',
      kind: 'order_confirmed',
      recipient: 'bob@example.com',
      status: 'sent',
    });
    snapshot.mails.push({ recipients: ['bob@example.com'], subject: 'confirmed' });
    snapshot.deliveries[1]!.status = 'failed';
    snapshot.mails.splice(1, 1);
    snapshot.mails.push({ recipients: ['cy@example.com'], subject: 'cancelled' });
    expect(violationsOf(snapshot)).toEqual([
      'email-sent mail:ann@example.com',
      'email-once-per-event mail:bob@example.com',
      'email-sent-once mail:cy@example.com',
    ]);
  });

  it('reports work still in flight after the quiet period', () => {
    const snapshot = consistentSnapshot();
    snapshot.inFlight.outboxRows = 2;
    expect(violationsOf(snapshot)).toEqual(['quiet platform']);
  });
});
