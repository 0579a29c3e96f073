// A small consistent world for the checker's unit tests: two paid orders (one partly refunded),
// one declined and cancelled, the stock they moved and the e-mails they sent. Tests plant one
// wrong row in a copy and expect exactly that violation.
import type { Operation } from '../src/history.js';
import type { Snapshot, StockFacts } from '../src/snapshot.js';

export const initialStock: StockFacts[] = [
  { sku: 'A', available: 10, reserved: 0, holds: {} },
  { sku: 'B', available: 5, reserved: 0, holds: {} },
];

export const operations: Operation[] = [
  {
    index: 0,
    client: 0,
    kind: 'restock',
    method: 'POST',
    path: '/admin/stock/B/restock',
    request: { quantity: 3 },
    status: 200,
    startedMs: 10,
    endedMs: 20,
    refs: ['sku:B'],
  },
];

const transitions = (orderId: string, ...statuses: string[]) =>
  statuses.map((to, i) => ({ orderId, from: i === 0 ? null : statuses[i - 1]!, to }));

export function consistentSnapshot(): Snapshot {
  return {
    orders: [
      {
        id: 'o1',
        cartId: 'c1',
        email: 'ann@example.com',
        status: 'shipped',
        total: 1000,
        refunded: 300,
        paymentId: 'p1',
        lines: [{ sku: 'A', quantity: 2 }],
      },
      {
        id: 'o2',
        cartId: 'c2',
        email: 'bob@example.com',
        status: 'confirmed',
        total: 500,
        refunded: 0,
        paymentId: 'p2',
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 4 },
        ],
      },
      {
        id: 'o3',
        cartId: 'c3',
        email: 'cy@example.com',
        status: 'cancelled',
        total: 700,
        refunded: 0,
        paymentId: null,
        lines: [{ sku: 'B', quantity: 1 }],
      },
    ],
    returns: [],
    transitions: [
      ...transitions('o1', 'pending', 'stock_reserved', 'payment_authorized', 'confirmed', 'shipped'),
      ...transitions('o2', 'pending', 'stock_reserved', 'payment_authorized', 'confirmed'),
      ...transitions('o3', 'pending', 'stock_reserved', 'cancelled'),
    ],
    payments: [
      {
        id: 'p1',
        orderId: 'o1',
        amount: 1000,
        refundedAmount: 300,
        status: 'partially_refunded',
        providerRef: 'ch1',
      },
      { id: 'p2', orderId: 'o2', amount: 500, refundedAmount: 0, status: 'captured', providerRef: 'ch2' },
      { id: 'p3', orderId: 'o3', amount: 700, refundedAmount: 0, status: 'failed', providerRef: 'ch3' },
    ],
    refunds: [
      { id: 'r1', paymentId: 'p1', amount: 100 },
      { id: 'r2', paymentId: 'p1', amount: 200 },
    ],
    charges: [
      { id: 'ch1', amount: 1000, refundedAmount: 300, status: 'partially_refunded' },
      { id: 'ch2', amount: 500, refundedAmount: 0, status: 'captured' },
      { id: 'ch3', amount: 700, refundedAmount: 0, status: 'declined' },
    ],
    // A: 10 − 2 − 1 = 7; B: 5 + 3 − 4 = 4.
    stock: [
      { sku: 'A', available: 7, reserved: 0, holds: {} },
      { sku: 'B', available: 4, reserved: 0, holds: {} },
    ],
    reservations: [
      { id: 'o1', status: 'committed', lines: [{ sku: 'A', quantity: 2 }] },
      {
        id: 'o2',
        status: 'committed',
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 4 },
        ],
      },
      { id: 'o3', status: 'released', lines: [{ sku: 'B', quantity: 1 }] },
    ],
    deliveries: [
      { id: 'd1', eventId: 'e1', kind: 'order_confirmed', recipient: 'ann@example.com', status: 'sent' },
      { id: 'd2', eventId: 'e2', kind: 'order_shipped', recipient: 'ann@example.com', status: 'sent' },
      { id: 'd3', eventId: 'e3', kind: 'refund_issued', recipient: 'ann@example.com', status: 'sent' },
      { id: 'd4', eventId: 'e4', kind: 'refund_issued', recipient: 'ann@example.com', status: 'sent' },
      { id: 'd5', eventId: 'e5', kind: 'order_confirmed', recipient: 'bob@example.com', status: 'sent' },
      { id: 'd6', eventId: 'e6', kind: 'payment_failed', recipient: 'cy@example.com', status: 'sent' },
      { id: 'd7', eventId: 'e7', kind: 'order_cancelled', recipient: 'cy@example.com', status: 'sent' },
    ],
    mails: [
      { recipients: ['ann@example.com'], subject: 'confirmed' },
      { recipients: ['ann@example.com'], subject: 'shipped' },
      { recipients: ['ann@example.com'], subject: 'refund' },
      { recipients: ['ann@example.com'], subject: 'refund' },
      { recipients: ['bob@example.com'], subject: 'confirmed' },
      { recipients: ['cy@example.com'], subject: 'payment failed' },
      { recipients: ['cy@example.com'], subject: 'cancelled' },
    ],
    inFlight: { checkoutsRunning: 0, outboxRows: 0, deliveriesQueued: 0, refundsPending: 0 },
  };
}

/**
 * The consistent world after o1 exchanged one unit of A for one of B, paying 100 more on a
 * payment of its own (p4); the A came back into stock.
 */
export function exchangedSnapshot(): Snapshot {
  const snapshot = consistentSnapshot();
  snapshot.returns.push({
    id: 'x1',
    orderId: 'o1',
    kind: 'exchange',
    status: 'exchanged',
    difference: 100,
    chargePaymentId: 'p4',
    chargeRefunded: 0,
    replacementSku: 'B',
    replacementReservationId: 'x1',
    lines: [{ sku: 'A', quantity: 1, restocked: true }],
  });
  snapshot.payments.push({
    id: 'p4',
    orderId: 'o1',
    amount: 100,
    refundedAmount: 0,
    status: 'captured',
    providerRef: 'ch4',
  });
  snapshot.charges.push({ id: 'ch4', amount: 100, refundedAmount: 0, status: 'captured' });
  snapshot.reservations.push({ id: 'x1', status: 'committed', lines: [{ sku: 'B', quantity: 1 }] });
  snapshot.stock[0]!.available += 1;
  snapshot.stock[1]!.available -= 1;
  return snapshot;
}
