// Returns of delivered lines: requested by the shopper within the return window, approved or
// rejected by the shop, received (per line: back into stock or not, and its condition) and
// refunded. Every step runs under the order's row lock and moves the return only from the state
// it expects, so racing requests are decided one after the other and the loser gets a 409 that
// says why. The money goes through the order's refunds (order-refunds.ts) under a key derived
// from the return, so refunds stay reserved, conserved and applied once however often the step
// is repeated; the amount is fixed when the return is received (returnable.ts). Returned units go
// back through the product service's internal API under keys derived from the return and SKU.
import { createHash, randomUUID } from 'node:crypto';
import type { ReceiveReturnBody, RequestReturnBody } from '@emporium/contracts/order';
import {
  type Emit,
  HttpProblem,
  type Outbox,
  type Principal,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { ProductClient } from '../clients/product-client.js';
import { orderEvents } from '../events/order-events.js';
import { assertLinesOfOrder, describeLines } from '../orders/line-input.js';
import { lockedOrder, type orderRefunds } from '../orders/order-refunds.js';
import { type OrderRow, ordersRepository as orders } from '../repositories/orders.js';
import { type ReturnRow, type ReturnStatus, returnsRepository as returns } from '../repositories/returns.js';
import { shipmentsRepository as shipments } from '../repositories/shipments.js';
import { linesAmount, refundOwed, returnableBySku } from './returnable.js';

const DAY_MS = 86_400_000;

export interface ReturnsDeps {
  db: SqlDatabase;
  outbox: Outbox;
  products: Pick<ProductClient, 'restockReturn'>;
  refunds: ReturnType<typeof orderRefunds>;
  /** How many days after delivery a return may be requested. */
  windowDays: number;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const sortedLines = <T extends { sku: string }>(lines: T[]) =>
  [...lines].sort((a, b) => a.sku.localeCompare(b.sku));

function findReturn(all: ReturnRow[], returnId: string, orderId: string): ReturnRow {
  const found = all.find((r) => r.id === returnId);
  if (!found) throw problems.notFound(`Return ${returnId} of order ${orderId}`);
  return found;
}

function wrongState(ret: ReturnRow, action: string): HttpProblem {
  return problems.conflict(
    `Return ${ret.number} is ${ret.status}; it cannot be ${action}.`,
    'invalid-return-transition',
  );
}

/** The units and shipping a received return is refunded for, before the tax share. */
const baseOf = (order: OrderRow, ret: Pick<ReturnRow, 'lines' | 'refund_shipping'>) =>
  linesAmount(order.lines, ret.lines) + (ret.refund_shipping ? order.shipping : 0);

export function orderReturns({ db, outbox, products, refunds, windowDays }: ReturnsDeps) {
  /** Moves a return, with its timeline line and event, in the caller's transaction. */
  async function move(
    tx: SqlExecutor,
    emit: Emit,
    order: OrderRow,
    ret: ReturnRow,
    to: ReturnStatus,
    reason: string,
    actor: string,
    patch: Parameters<typeof returns.move>[4] = {},
  ): Promise<ReturnRow> {
    if (!(await returns.move(tx, ret.id, ret.status, to, patch))) throw wrongState(ret, to);
    const moved: ReturnRow = {
      ...ret,
      status: to,
      ...(patch.rejection_reason ? { rejection_reason: patch.rejection_reason } : {}),
      ...(patch.refund_shipping !== undefined ? { refund_shipping: patch.refund_shipping } : {}),
      ...(patch.refund_amount !== undefined ? { refund_amount: patch.refund_amount } : {}),
    };
    await orders.logEvent(tx, order.id, order.status, `return_${to}`, reason, actor);
    orderEvents.returnUpdated(emit, order, moved);
    return moved;
  }

  /** Runs `step` on the return under the order's lock. */
  function withReturn<T>(
    orderId: string,
    returnId: string,
    step: (tx: SqlExecutor, emit: Emit, order: OrderRow, ret: ReturnRow, all: ReturnRow[]) => Promise<T>,
  ): Promise<T> {
    return outbox.transaction(async (tx, emit) => {
      const order = await lockedOrder(tx, orderId);
      const all = await returns.forOrder(tx, orderId);
      return step(tx, emit, order, findReturn(all, returnId, orderId), all);
    });
  }

  /** Puts the received units marked for restock back, each once; 503 while the product service is away. */
  async function restock(orderId: string, ret: ReturnRow): Promise<void> {
    for (const line of ret.lines.filter((l) => l.restock && !l.restocked)) {
      try {
        await products.restockReturn(line.sku, line.quantity, { orderId, returnId: ret.id });
      } catch (error) {
        if (!(error instanceof TransientCallError) && !(error instanceof UnexpectedAnswerError)) throw error;
        throw problems.unavailable(
          `Return ${ret.number} is received, but the stock system did not take ${line.sku} back yet; it is retried until it does.`,
          'stock-unavailable',
        );
      }
      await returns.markRestocked(db, ret.id, line.sku);
    }
  }

  return {
    /** The shopper's request; `created` false when the Idempotency-Key replayed an earlier one. */
    async request(
      orderId: string,
      actor: string,
      body: RequestReturnBody & { idempotencyKey: string },
    ): Promise<{ returnId: string; created: boolean }> {
      return outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        const all = await returns.forOrder(tx, orderId);
        const hash = hashOf([sortedLines(body.lines), body.reason]);
        const earlier = all.find((r) => r.request_key === body.idempotencyKey);
        if (earlier && earlier.request_hash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'Idempotency key reused',
            'This Idempotency-Key was already used for a different return of this order.',
          );
        }
        if (earlier) return { returnId: earlier.id, created: false };
        assertLinesOfOrder(order, body.lines);
        if (order.status !== 'delivered') {
          throw problems.conflict(
            `Only a delivered order can be returned; this one is ${order.status.replace('_', ' ')}.`,
            'order-not-delivered',
          );
        }
        const deliveredAt = Math.max(
          ...(await shipments.forOrder(tx, orderId)).map((s) => s.delivered_at?.getTime() ?? 0),
        );
        const closesAt = new Date(deliveredAt + windowDays * DAY_MS);
        if (Date.now() > closesAt.getTime()) {
          throw new HttpProblem(
            409,
            'return-window-closed',
            'Return window closed',
            `Returns of this order were possible until ${closesAt.toISOString()} (${windowDays} days after delivery).`,
            { closedAt: closesAt.toISOString() },
          );
        }
        const left = returnableBySku(order.lines, all);
        const over = body.lines
          .filter((line) => line.quantity > (left.get(line.sku) ?? 0))
          .map((line) => ({ sku: line.sku, requested: line.quantity, returnable: left.get(line.sku) ?? 0 }));
        if (over.length > 0) {
          throw new HttpProblem(
            409,
            'quantity-exceeds-returnable',
            'More than can be returned',
            over
              .map((o) => `${o.sku}: ${o.requested} requested, ${o.returnable} can still be returned`)
              .join('; '),
            { lines: over },
          );
        }
        const ret: ReturnRow = {
          id: randomUUID(),
          order_id: orderId,
          number: all.length + 1,
          status: 'requested',
          reason: body.reason,
          rejection_reason: null,
          request_key: body.idempotencyKey,
          request_hash: hash,
          refund_shipping: false,
          refund_amount: null,
          refund_request_key: null,
          created_at: new Date(),
          lines: sortedLines(body.lines).map((line) => ({
            ...line,
            restock: null,
            condition: null,
            restocked: false,
          })),
        };
        await returns.insert(tx, { ...ret, requested_by: actor });
        await orders.logEvent(
          tx,
          orderId,
          order.status,
          'return_requested',
          `Return ${ret.number} requested: ${describeLines(order, ret.lines)} (${body.reason})`,
          actor,
        );
        orderEvents.returnUpdated(emit, order, ret);
        return { returnId: ret.id, created: true };
      });
    },

    async approve(orderId: string, returnId: string, actor: string): Promise<void> {
      await withReturn(orderId, returnId, async (tx, emit, order, ret) => {
        if (ret.status === 'approved') return;
        if (ret.status !== 'requested') throw wrongState(ret, 'approved');
        await move(tx, emit, order, ret, 'approved', `Return ${ret.number} approved`, actor);
      });
    },

    async reject(orderId: string, returnId: string, actor: string, reason: string): Promise<void> {
      await withReturn(orderId, returnId, async (tx, emit, order, ret) => {
        if (ret.status !== 'requested' && ret.status !== 'approved') throw wrongState(ret, 'rejected');
        await move(tx, emit, order, ret, 'rejected', `Return ${ret.number} rejected: ${reason}`, actor, {
          rejection_reason: reason,
        });
      });
    },

    /**
     * Records the parcel as received and fixes what it is owed; then puts the units marked for
     * restock back. The same receipt repeated retries a restock the product service missed.
     */
    async receive(orderId: string, returnId: string, actor: string, body: ReceiveReturnBody): Promise<void> {
      const refundShipping = body.refundShipping ?? false;
      const received = await withReturn(orderId, returnId, async (tx, emit, order, ret, all) => {
        assertLinesOfOrder(order, body.lines, new Set(ret.lines.map((line) => line.sku)));
        const missing = ret.lines.filter((line) => !body.lines.some((l) => l.sku === line.sku));
        if (missing.length > 0) {
          throw problems.validation([
            {
              field: 'body.lines',
              message: `must say how ${missing.map((l) => l.sku).join(', ')} came back`,
            },
          ]);
        }
        if (ret.status === 'received' || ret.status === 'refunded') {
          const same =
            ret.refund_shipping === refundShipping &&
            body.lines.every((l) => {
              const line = ret.lines.find((r) => r.sku === l.sku)!;
              return line.restock === l.restock && line.condition === l.condition;
            });
          if (!same) {
            throw problems.conflict(
              `Return ${ret.number} was received already, as recorded.`,
              'return-already-received',
            );
          }
          return ret;
        }
        if (ret.status !== 'approved') throw wrongState(ret, 'received');
        const counted = all.filter(
          (r) => r.id !== ret.id && (r.status === 'received' || r.status === 'refunded'),
        );
        if (refundShipping && counted.some((r) => r.refund_shipping)) {
          throw problems.conflict(
            'The shipping of this order was refunded with an earlier return.',
            'shipping-already-refunded',
          );
        }
        const before = counted.reduce((sum, r) => sum + baseOf(order, r), 0);
        const amount = refundOwed(
          order,
          baseOf(order, { lines: ret.lines, refund_shipping: refundShipping }),
          before,
        );
        await returns.recordReceipt(tx, ret.id, body.lines);
        const conditions = body.lines
          .map((l) => `${l.sku} ${l.condition.replace('_', ' ')}${l.restock ? ', restocked' : ''}`)
          .join('; ');
        const moved = await move(
          tx,
          emit,
          order,
          ret,
          'received',
          `Return ${ret.number} received: ${conditions}`,
          actor,
          {
            refund_shipping: refundShipping,
            refund_amount: amount,
          },
        );
        return {
          ...moved,
          lines: moved.lines.map((line) => {
            const given = body.lines.find((l) => l.sku === line.sku)!;
            return { ...line, restock: given.restock, condition: given.condition };
          }),
        };
      });
      await restock(orderId, received);
    },

    /** Refunds what a received return is owed, once, through the order's refunds. */
    async refund(orderId: string, returnId: string, admin: Principal, actor: string): Promise<void> {
      const ret = await withReturn(orderId, returnId, async (_tx, _emit, _order, found) => {
        if (found.status !== 'received' && found.status !== 'refunded') throw wrongState(found, 'refunded');
        return found;
      });
      if (ret.status === 'refunded') return;
      const order = (await orders.find(db, orderId))!;
      const key = `return:${ret.id}`;
      if (ret.refund_amount! > 0) {
        await refunds.refund(orderId, admin, {
          amount: { amount: ret.refund_amount!, currency: order.currency },
          reason: `Return ${ret.number}: ${ret.reason}`,
          idempotencyKey: key,
        });
      }
      await withReturn(orderId, returnId, async (tx, emit, current, found) => {
        if (found.status === 'refunded') return;
        await move(tx, emit, current, found, 'refunded', `Return ${found.number} refunded`, actor, {
          refund_request_key: key,
        });
      });
    },
  };
}
