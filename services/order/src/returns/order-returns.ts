// Returns of delivered lines: requested by the shopper within the return window, approved or
// rejected by the shop, received (per line: back into stock or not, and its condition) and
// refunded. Exchanges (order-exchanges.ts) share the steps: an exchange is a return whose units
// are replaced instead of refunded. Every step runs under the order's row lock and moves the
// return only from the state it expects (return-steps.ts), so racing requests are decided one
// after the other and the loser gets a 409 that says why. The money goes through the order's refunds (order-refunds.ts) under a key derived
// from the return, so refunds stay reserved, conserved and applied once however often the step
// is repeated; the amount is fixed when the return is received (returnable.ts). Returned units go
// back through the product service's internal API under keys derived from the return and SKU.
import { createHash, randomUUID } from 'node:crypto';
import type { ReceiveReturnBody, RequestReturnBody } from '@emporium/contracts/order';
import { HttpProblem, type Outbox, type Principal, problems, type SqlDatabase } from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { ProductClient } from '../clients/product-client.js';
import { orderEvents } from '../events/order-events.js';
import { assertLinesOfOrder, describeLines } from '../orders/line-input.js';
import { lockedOrder, type orderRefunds } from '../orders/order-refunds.js';
import { ordersRepository as orders, type StoredOrder } from '../repositories/orders.js';
import { returnsRepository as returns, type StoredReturn } from '../repositories/returns.js';
import type { orderExchanges } from './order-exchanges.js';
import { assertReturnable, requestedReturn, returnSteps, returnWord, wrongState } from './return-steps.js';
import { chargeRefundsOwed, linesAmount, linesWithReplacements, refundOwed } from './returnable.js';

export interface ReturnsDeps {
  db: SqlDatabase;
  outbox: Outbox;
  products: Pick<ProductClient, 'restockReturn'>;
  refunds: ReturnType<typeof orderRefunds>;
  exchanges: ReturnType<typeof orderExchanges>;
  /** How many days after delivery a return may be requested. */
  windowDays: number;
}

export const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const sortedLines = <T extends { sku: string }>(lines: T[]) =>
  [...lines].sort((a, b) => a.sku.localeCompare(b.sku));

/**
 * The units and shipping a received return is refunded for, before the tax share; `all`: the
 * order's returns, whose finished exchanges price the replacements sent back.
 */
const baseOf = (
  order: StoredOrder,
  all: StoredReturn[],
  ret: Pick<StoredReturn, 'lines' | 'refundShipping' | 'kind'>,
) =>
  ret.kind === 'exchange'
    ? 0
    : linesAmount(linesWithReplacements(order, all), ret.lines) + (ret.refundShipping ? order.shipping : 0);

export function orderReturns({ db, outbox, products, refunds, exchanges, windowDays }: ReturnsDeps) {
  const { move, withReturn, read } = returnSteps({ db, outbox });

  /** Puts the received units marked for restock back, each once; 503 while the product service is away. */
  async function restock(orderId: string, ret: StoredReturn): Promise<void> {
    for (const line of ret.lines.filter((l) => l.restock && !l.restocked)) {
      try {
        await products.restockReturn(line.sku, line.quantity, { orderId, returnId: ret.id });
      } catch (error) {
        if (!(error instanceof TransientCallError) && !(error instanceof UnexpectedAnswerError)) throw error;
        throw problems.unavailable(
          `${returnWord(ret)} ${ret.number} is received, but the stock system did not take ${line.sku} back yet; it is retried until it does.`,
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
        const earlier = all.find((r) => r.requestKey === body.idempotencyKey);
        if (earlier && earlier.requestHash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'Idempotency key reused',
            'This Idempotency-Key was already used for a different return of this order.',
          );
        }
        if (earlier) return { returnId: earlier.id, created: false };
        // A replacement an exchange shipped is returned like a line of the order.
        const returnable = { ...order, lines: linesWithReplacements(order, all) };
        assertLinesOfOrder(returnable, body.lines);
        await assertReturnable(tx, order, all, body.lines, windowDays);
        const ret = requestedReturn({
          id: randomUUID(),
          orderId,
          number: all.length + 1,
          reason: body.reason,
          requestKey: body.idempotencyKey,
          requestHash: hash,
          lines: sortedLines(body.lines),
        });
        await returns.insert(tx, { ...ret, requestedBy: actor });
        await orders.logEvent(
          tx,
          orderId,
          order.status,
          'return_requested',
          `Return ${ret.number} requested: ${describeLines(returnable, ret.lines)} (${body.reason})`,
          actor,
        );
        orderEvents.returnUpdated(emit, order, ret);
        return { returnId: ret.id, created: true };
      });
    },

    /** Approves a request; an exchange's replacement is reserved first (409 when it is sold out). */
    async approve(orderId: string, returnId: string, actor: string): Promise<void> {
      const current = await read(orderId, returnId);
      if (current.kind === 'exchange' && current.status === 'requested') {
        await exchanges.reserveReplacement(orderId, current);
      }
      await withReturn(orderId, returnId, async (tx, emit, order, ret) => {
        if (ret.status === 'approved') return;
        if (ret.status !== 'requested') throw wrongState(ret, 'approved');
        await move(tx, emit, order, ret, 'approved', `${returnWord(ret)} ${ret.number} approved`, actor);
      });
    },

    /** Rejects a request; an exchange gives its replacement and the authorized difference back. */
    async reject(orderId: string, returnId: string, actor: string, reason: string): Promise<void> {
      const rejected = await withReturn(orderId, returnId, async (tx, emit, order, ret) => {
        if (ret.status !== 'requested' && ret.status !== 'approved') throw wrongState(ret, 'rejected');
        return move(
          tx,
          emit,
          order,
          ret,
          'rejected',
          `${returnWord(ret)} ${ret.number} rejected: ${reason}`,
          actor,
          {
            rejectionReason: reason,
          },
        );
      });
      if (rejected.kind === 'exchange') await exchanges.giveBack(orderId, rejected);
    },

    /**
     * Records the parcel as received and fixes what it is owed; then puts the units marked for
     * restock back. The same receipt repeated retries a restock the product service missed, and
     * finishes an exchange (replacement shipped, difference settled).
     */
    async receive(
      orderId: string,
      returnId: string,
      admin: Principal,
      body: ReceiveReturnBody,
    ): Promise<void> {
      const actor = `admin:${admin.userId}`;
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
        if (ret.kind === 'exchange' && refundShipping) {
          throw problems.validation([
            {
              field: 'body.refundShipping',
              message: 'an exchange ships a replacement; no shipping is refunded',
            },
          ]);
        }
        if (ret.kind !== 'exchange' && body.replacementShipment) {
          throw problems.validation([
            { field: 'body.replacementShipment', message: 'only an exchange ships a replacement' },
          ]);
        }
        if (ret.status === 'received' || ret.status === 'refunded' || ret.status === 'exchanged') {
          const same =
            ret.refundShipping === refundShipping &&
            body.lines.every((l) => {
              const line = ret.lines.find((r) => r.sku === l.sku)!;
              return line.restock === l.restock && line.condition === l.condition;
            });
          if (!same) {
            throw problems.conflict(
              `${returnWord(ret)} ${ret.number} was received already, as recorded.`,
              'return-already-received',
            );
          }
          return ret;
        }
        if (ret.status !== 'approved') throw wrongState(ret, 'received');
        const counted = all.filter(
          (r) => r.id !== ret.id && (r.status === 'received' || r.status === 'refunded'),
        );
        if (refundShipping && counted.some((r) => r.refundShipping)) {
          throw problems.conflict(
            'The shipping of this order was refunded with an earlier return.',
            'shipping-already-refunded',
          );
        }
        const before = counted.reduce((sum, r) => sum + baseOf(order, all, r), 0);
        const unitsBefore = new Map<string, number>();
        for (const line of counted.flatMap((r) => r.lines)) {
          unitsBefore.set(line.sku, (unitsBefore.get(line.sku) ?? 0) + line.quantity);
        }
        // A returned replacement of a dearer exchange also gets its difference back, from the
        // payment that captured it; the return's refund is the sum of both.
        const chargeRefunds =
          ret.kind === 'exchange' ? [] : chargeRefundsOwed(order, all, ret.lines, unitsBefore);
        const amount =
          ret.kind === 'exchange'
            ? Math.max(0, -(ret.difference ?? 0))
            : refundOwed(order, baseOf(order, all, { ...ret, refundShipping }), before) +
              chargeRefunds.reduce((sum, charge) => sum + charge.amount, 0);
        await returns.recordReceipt(tx, ret.id, body.lines, {
          receivedBy: admin.userId,
          parcel: body.replacementShipment,
        });
        const conditions = body.lines
          .map((l) => `${l.sku} ${l.condition.replace('_', ' ')}${l.restock ? ', restocked' : ''}`)
          .join('; ');
        const moved = await move(
          tx,
          emit,
          order,
          ret,
          'received',
          `${returnWord(ret)} ${ret.number} received: ${conditions}`,
          actor,
          { refundShipping, refundAmount: amount, chargeRefunds },
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
      if (received.kind === 'exchange') {
        await exchanges.complete(orderId, returnId, admin, body.replacementShipment);
      }
    },

    /**
     * Refunds what a received return is owed, once: a returned replacement's share of a dearer
     * difference through the payment that captured it, the rest through the order's refunds.
     */
    async refund(orderId: string, returnId: string, admin: Principal, actor: string): Promise<void> {
      const ret = await withReturn(orderId, returnId, async (_tx, _emit, _order, found) => {
        if (found.kind === 'exchange') {
          throw problems.conflict(
            `Exchange ${found.number} settles its difference when the returned units are received.`,
            'invalid-return-transition',
          );
        }
        if (found.status !== 'received' && found.status !== 'refunded') throw wrongState(found, 'refunded');
        return found;
      });
      if (ret.status === 'refunded') return;
      const order = (await orders.find(db, orderId))!;
      await exchanges.refundCharges(order.currency, ret);
      const key = `return:${ret.id}`;
      const fromOrder = ret.refundAmount! - ret.chargeRefunds.reduce((sum, charge) => sum + charge.amount, 0);
      if (fromOrder > 0) {
        await refunds.refund(orderId, admin, {
          amount: { amount: fromOrder, currency: order.currency },
          reason: `Return ${ret.number}: ${ret.reason}`,
          idempotencyKey: key,
        });
      }
      await withReturn(orderId, returnId, async (tx, emit, current, found) => {
        if (found.status === 'refunded') return;
        await move(tx, emit, current, found, 'refunded', `Return ${found.number} refunded`, actor, {
          refundRequestKey: key,
        });
      });
    },
  };
}
