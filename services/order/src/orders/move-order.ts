// Moves an order along the state machine inside the caller's transaction: checks the move is
// allowed, records it with its reason, and emits the event that status announces.
import type { OrderStatus } from '@emporium/contracts/order';
import { type Emit, problems, type SqlExecutor } from '@emporium/platform';
import { orderEvents } from '../events/order-events.js';
import { type OrderRow, ordersRepository as orders, type TransitionPatch } from '../repositories/orders.js';
import { assertTransition } from './order-status.js';

export async function moveOrder(
  tx: SqlExecutor,
  emit: Emit,
  order: OrderRow,
  to: OrderStatus,
  reason: string,
  actor: string,
  patch: TransitionPatch = {},
): Promise<OrderRow> {
  assertTransition(order.status, to);
  const moved = await orders.transition(tx, order.id, order.status, to, reason, actor, patch);
  if (!moved) throw problems.conflict('The order changed meanwhile; reload it and retry.', 'order-changed');
  if (to === 'confirmed') orderEvents.confirmed(emit, moved);
  if (to === 'cancelled') orderEvents.cancelled(emit, moved);
  if (to === 'shipped') orderEvents.shipped(emit, moved);
  if (to === 'delivered') orderEvents.delivered(emit, moved);
  return moved;
}
