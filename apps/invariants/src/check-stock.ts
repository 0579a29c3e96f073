// Stock: per SKU, initial + restocked − sold (+ returned, which is leaving the sold count) + units
// shoppers sent back and the shop restocked − exchange replacements sold equals what is on hand
// (available + reserved); nothing negative; no reservation left holding units once every checkout
// has finished (an approved exchange's replacement is held until its return arrives); each order's
// reservation is committed exactly when the order sold.
import { indeterminate, type Operation } from './history.js';
import type { Snapshot, StockFacts } from './snapshot.js';
import { groupBy, PAID_STATUSES, sumBy, type Violation } from './violation.js';

export interface StockInputs {
  /** The stock rows before the clients started. */
  initial: readonly StockFacts[];
  snapshot: Snapshot;
  operations: readonly Operation[];
}

const restockedSku = (operation: Operation) => decodeURIComponent(operation.path.split('/')[3] ?? '');
const restockedQuantity = (operation: Operation) => (operation.request as { quantity: number }).quantity;

/** Every total a subset of `quantities` can add up to (restocks that may or may not have happened). */
export function subsetSums(quantities: readonly number[]): Set<number> {
  let sums = new Set([0]);
  for (const quantity of quantities) sums = new Set([...sums, ...[...sums].map((sum) => sum + quantity)]);
  return sums;
}

export function checkStock({ initial, snapshot, operations }: StockInputs): Violation[] {
  const violations: Violation[] = [];
  const restocks = groupBy(
    operations.filter((operation) => operation.kind === 'restock'),
    restockedSku,
  );
  const before = new Map(initial.map((row) => [row.sku, row.available + row.reserved]));
  const sold = new Map<string, { quantity: number; orders: string[] }>();
  const returned = new Map<string, number>();
  const everPaid = new Set(
    snapshot.transitions.filter((transition) => transition.to === 'confirmed').map((t) => t.orderId),
  );
  for (const order of snapshot.orders) {
    for (const line of order.lines) {
      if (PAID_STATUSES.has(order.status)) {
        const entry = sold.get(line.sku) ?? { quantity: 0, orders: [] };
        entry.quantity += line.quantity;
        entry.orders.push(order.id);
        sold.set(line.sku, entry);
      } else if (everPaid.has(order.id)) {
        returned.set(line.sku, (returned.get(line.sku) ?? 0) + line.quantity);
      }
    }
  }

  const backInStock = sumBy(
    snapshot.returns.flatMap((ret) => ret.lines.filter((line) => line.restocked)),
    (line) => line.sku,
    (line) => line.quantity,
  );
  const reservationStatus = new Map(snapshot.reservations.map((r) => [r.id, r.status]));
  const replacementsSold = sumBy(
    snapshot.returns.filter(
      (ret) =>
        ret.replacementSku !== null &&
        reservationStatus.get(ret.replacementReservationId ?? '') === 'committed',
    ),
    (ret) => ret.replacementSku!,
    (ret) => ret.lines.reduce((sum, line) => sum + line.quantity, 0),
  );
  /** Replacements held for exchanges waiting for their returned units: legitimately reserved. */
  const waitingHolds = new Set(
    snapshot.returns
      .filter((ret) => ret.kind === 'exchange' && (ret.status === 'approved' || ret.status === 'received'))
      .flatMap((ret) => ret.replacementReservationId ?? []),
  );

  for (const row of snapshot.stock) {
    const entity = `sku:${row.sku}`;
    const add = (invariant: string, message: string) =>
      violations.push({ invariant, entity, message, refs: [entity] });
    const ops = restocks.get(row.sku) ?? [];
    const restocked = ops
      .filter((operation) => operation.status === 200)
      .reduce((sum, operation) => sum + restockedQuantity(operation), 0);
    const uncertain = ops.filter(indeterminate).map(restockedQuantity);
    const initialOnHand = before.get(row.sku) ?? 0;
    const soldNow = sold.get(row.sku)?.quantity ?? 0;
    const onHand = row.available + row.reserved;
    const exchanged = (backInStock.get(row.sku) ?? 0) - (replacementsSold.get(row.sku) ?? 0);
    const expected = initialOnHand + restocked - soldNow + exchanged;
    if (!subsetSums(uncertain).has(onHand - expected)) {
      const returnedUnits = returned.get(row.sku) ?? 0;
      add(
        'stock-conserved',
        `${row.sku}: initial ${initialOnHand} + restocked ${restocked}` +
          `${uncertain.length > 0 ? ` (+ up to ${uncertain.join('+')} unconfirmed)` : ''}` +
          ` − sold ${soldNow + returnedUnits} + returned ${returnedUnits}` +
          `${exchanged !== 0 ? ` + sent back less replacements ${exchanged}` : ''} = ${expected}, but ${onHand} on hand` +
          ` (${row.available} available, ${row.reserved} reserved)`,
      );
    }
    if (row.available < 0 || row.reserved < 0) {
      add('stock-never-negative', `${row.sku}: ${row.available} available, ${row.reserved} reserved`);
    }
    const holds = Object.keys(row.holds).filter((id) => !waitingHolds.has(id));
    const waiting = Object.entries(row.holds)
      .filter(([id]) => waitingHolds.has(id))
      .reduce((sum, [, units]) => sum + units, 0);
    if (row.reserved !== waiting || holds.length > 0) {
      add(
        'no-reservation-left',
        `${row.sku}: ${row.reserved} units still reserved after every checkout finished (holds: ${holds.join(', ') || 'none'})`,
      );
    }
  }

  const reservations = new Map(snapshot.reservations.map((reservation) => [reservation.id, reservation]));
  for (const reservation of snapshot.reservations) {
    if (reservation.status === 'reserved' && !waitingHolds.has(reservation.id)) {
      violations.push({
        invariant: 'no-reservation-left',
        entity: `order:${reservation.id}`,
        message: `reservation ${reservation.id} still holds stock after every checkout finished`,
        refs: [`order:${reservation.id}`],
      });
    }
  }
  for (const order of snapshot.orders) {
    const status = reservations.get(order.id)?.status ?? 'absent';
    const paid = PAID_STATUSES.has(order.status);
    if (paid !== (status === 'committed')) {
      violations.push({
        invariant: 'reservation-matches-order',
        entity: `order:${order.id}`,
        message: `order ${order.id} is ${order.status} but its reservation is ${status}`,
        refs: [`order:${order.id}`, `cart:${order.cartId}`],
      });
    }
  }
  return violations;
}
