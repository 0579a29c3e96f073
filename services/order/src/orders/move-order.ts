// Moves an order along the state machine: checks the move is allowed, records it with its reason,
// and emits the event that status announces. moveOrder writes inside the caller's transaction
// (admin actions); planMove only computes the result, for the checkout saga, whose steps write
// their moves in one statement of their own (repositories/saga-steps.ts).
import type { OrderStatus } from '@emporium/contracts/order';
import { type Emit, type NewEvent, problems, type SqlExecutor } from '@emporium/platform';
import { orderEvents } from '../events/order-events.js';
import {
  ordersRepository as orders,
  type StoredOrder,
  type TransitionPatch,
} from '../repositories/orders.js';
import { assertTransition } from './order-status.js';

/** Emits the event a status announces, built from the order as moved. */
function announce(emit: Emit, to: OrderStatus, moved: StoredOrder): void {
  if (to === 'confirmed') orderEvents.confirmed(emit, moved);
  if (to === 'cancelled') orderEvents.cancelled(emit, moved);
  if (to === 'checkout_failed') orderEvents.checkoutFailed(emit, moved);
  if (to === 'shipped') orderEvents.shipped(emit, moved);
  if (to === 'delivered') orderEvents.delivered(emit, moved);
}

export async function moveOrder(
  tx: SqlExecutor,
  emit: Emit,
  order: StoredOrder,
  to: OrderStatus,
  reason: string,
  actor: string,
  patch: TransitionPatch = {},
): Promise<StoredOrder> {
  assertTransition(order.status, to);
  const moved = await orders.transition(tx, order.id, order.status, to, reason, actor, patch);
  if (!moved) throw problems.conflict('The order changed meanwhile; reload it and retry.', 'order-changed');
  announce(emit, to, moved);
  return moved;
}

/**
 * The order after an allowed move and the events it announces, without writing anything. The
 * caller's statement must apply exactly this move (only if the order is still `order.status`) and
 * set updated_at; every field an event carries is known before the write.
 */
export function planMove(
  order: StoredOrder,
  to: OrderStatus,
  patch: TransitionPatch = {},
): { moved: StoredOrder; events: NewEvent[] } {
  assertTransition(order.status, to);
  const moved: StoredOrder = { ...order, ...patch, status: to };
  const events: NewEvent[] = [];
  announce((event) => events.push(event), to, moved);
  return { moved, events };
}
