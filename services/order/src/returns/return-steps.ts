// What returns and exchanges share: moving one under the order's row lock with its timeline line
// and event, and deciding whether units of a delivered order may still be sent back. Every
// step runs under the order's lock and moves a return only from the state it expects, so racing
// requests are decided one after the other and the loser gets a 409 that says why.
import {
  type Emit,
  HttpProblem,
  type Outbox,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { orderEvents } from '../events/order-events.js';
import { lockedOrder } from '../orders/order-refunds.js';
import { ordersRepository as orders, type StoredOrder } from '../repositories/orders.js';
import {
  type ReturnStatus,
  returnsRepository as returns,
  type StoredReturn,
} from '../repositories/returns.js';
import { shipmentsRepository as shipments } from '../repositories/shipments.js';
import { returnableBySku } from './returnable.js';

const DAY_MS = 86_400_000;

export const returnWord = (ret: Pick<StoredReturn, 'kind'>) =>
  ret.kind === 'exchange' ? 'Exchange' : 'Return';

function findReturn(all: StoredReturn[], returnId: string, orderId: string): StoredReturn {
  const found = all.find((r) => r.id === returnId);
  if (!found) throw problems.notFound(`Return ${returnId} of order ${orderId}`);
  return found;
}

export function wrongState(ret: StoredReturn, action: string): HttpProblem {
  return problems.conflict(
    `${returnWord(ret)} ${ret.number} is ${ret.status}; it cannot be ${action}.`,
    'invalid-return-transition',
  );
}

/**
 * A return or exchange as requested: nothing received, refunded or charged yet. An exchange
 * passes its replacement, difference and authorized charge; a return leaves them out.
 */
export function requestedReturn(
  request: Pick<StoredReturn, 'id' | 'orderId' | 'number' | 'reason' | 'requestKey' | 'requestHash'> & {
    lines: { sku: string; quantity: number }[];
    exchange?: Pick<
      StoredReturn,
      'replacementSku' | 'replacementTitle' | 'difference' | 'chargePaymentId' | 'replacementReservationId'
    >;
  },
): StoredReturn {
  const { lines, exchange, ...fields } = request;
  return {
    ...fields,
    status: 'requested',
    rejectionReason: null,
    refundShipping: false,
    refundAmount: null,
    refundRequestKey: null,
    createdAt: new Date(),
    lines: lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      restock: null,
      condition: null,
      restocked: false,
    })),
    kind: exchange ? 'exchange' : 'return',
    replacementSku: exchange?.replacementSku ?? null,
    replacementTitle: exchange?.replacementTitle ?? null,
    difference: exchange?.difference ?? null,
    chargePaymentId: exchange?.chargePaymentId ?? null,
    chargeCaptured: false,
    replacementReservationId: exchange?.replacementReservationId ?? null,
    replacementShipmentId: null,
    chargeRefunds: [],
  };
}

export type ReturnStep<T> = (
  tx: SqlExecutor,
  emit: Emit,
  order: StoredOrder,
  ret: StoredReturn,
  all: StoredReturn[],
) => Promise<T>;

export function returnSteps({ db, outbox }: { db: SqlDatabase; outbox: Outbox }) {
  return {
    /**
     * Moves a return, with its timeline line (`return_<to>`, `exchange_<to>`, `exchange_completed`)
     * and event, in the caller's transaction.
     */
    async move(
      tx: SqlExecutor,
      emit: Emit,
      order: StoredOrder,
      ret: StoredReturn,
      to: ReturnStatus,
      reason: string,
      actor: string,
      patch: Parameters<typeof returns.move>[4] = {},
    ): Promise<StoredReturn> {
      if (!(await returns.move(tx, ret.id, ret.status, to, patch))) throw wrongState(ret, to);
      const moved: StoredReturn = {
        ...ret,
        status: to,
        ...(patch.rejectionReason ? { rejectionReason: patch.rejectionReason } : {}),
        ...(patch.refundShipping !== undefined ? { refundShipping: patch.refundShipping } : {}),
        ...(patch.refundAmount !== undefined ? { refundAmount: patch.refundAmount } : {}),
        ...(patch.chargeRefunds ? { chargeRefunds: patch.chargeRefunds } : {}),
      };
      const event = to === 'exchanged' ? 'exchange_completed' : `${ret.kind}_${to}`;
      await orders.logEvent(tx, order.id, order.status, event, reason, actor);
      orderEvents.returnUpdated(emit, order, moved);
      return moved;
    },

    /** Runs `step` on the return under the order's lock. */
    withReturn<T>(orderId: string, returnId: string, step: ReturnStep<T>): Promise<T> {
      return outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        const all = await returns.forOrder(tx, orderId);
        return step(tx, emit, order, findReturn(all, returnId, orderId), all);
      });
    },

    /** The return as stored now, without the lock (404 when the order has no such return). */
    async read(orderId: string, returnId: string): Promise<StoredReturn> {
      return findReturn(await returns.forOrder(db, orderId), returnId, orderId);
    },
  };
}

/**
 * Refuses units that cannot be sent back: the order is not delivered (409 order-not-delivered),
 * a line's return window closed (409 return-window-closed), or more than was delivered less what
 * earlier returns and exchanges claim (409 quantity-exceeds-returnable). An exchange's replacement
 * counts once its parcel is delivered, and its window runs from that delivery. Under the order's lock.
 */
export async function assertReturnable(
  tx: SqlExecutor,
  order: StoredOrder,
  all: StoredReturn[],
  lines: { sku: string; quantity: number }[],
  windowDays: number,
): Promise<void> {
  if (order.status !== 'delivered') {
    throw problems.conflict(
      `Only a delivered order can be returned; this one is ${order.status.replace('_', ' ')}.`,
      'order-not-delivered',
    );
  }
  const shipped = await shipments.forOrder(tx, order.id);
  // The order's own lines run from its last delivery; a replacement's parcel does not extend it.
  const orderDelivered = Math.max(
    ...shipped.filter((s) => !s.exchangeId).map((s) => s.deliveredAt?.getTime() ?? 0),
  );
  const replacements = shipped.filter((s) => s.exchangeId && s.status === 'delivered');
  const deliveredAt = (sku: string) =>
    Math.max(
      order.lines.some((line) => line.sku === sku) ? orderDelivered : 0,
      ...replacements
        .filter((s) => s.lines.some((line) => line.sku === sku))
        .map((s) => s.deliveredAt!.getTime()),
    );
  // A unit not delivered at all (a replacement on its way) is refused below as not returnable.
  const deliveries = lines.map((line) => deliveredAt(line.sku)).filter((at) => at > 0);
  const closesAt = new Date(Math.min(...deliveries) + windowDays * DAY_MS);
  if (deliveries.length > 0 && Date.now() > closesAt.getTime()) {
    throw new HttpProblem(
      409,
      'return-window-closed',
      'Return window closed',
      `Returns of these units were possible until ${closesAt.toISOString()} (${windowDays} days after delivery).`,
      { closedAt: closesAt.toISOString() },
    );
  }
  const delivered = [...order.lines, ...replacements.flatMap((s) => s.lines)];
  const left = returnableBySku(delivered, all);
  const over = lines
    .filter((line) => line.quantity > (left.get(line.sku) ?? 0))
    .map((line) => ({ sku: line.sku, requested: line.quantity, returnable: left.get(line.sku) ?? 0 }));
  if (over.length > 0) {
    throw new HttpProblem(
      409,
      'quantity-exceeds-returnable',
      'More than can be returned',
      over.map((o) => `${o.sku}: ${o.requested} requested, ${o.returnable} can still be returned`).join('; '),
      { lines: over },
    );
  }
}
