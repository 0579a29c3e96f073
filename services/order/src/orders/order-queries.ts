// Reading orders: a customer sees only their own; a guest order is readable by its id (the id
// is the guest's only credential, like a cart id); admins see every order and filter the list.
// Failed checkout attempts stay readable by id (a client polling its checkout learns the reason)
// but are left out of lists unless an admin asks for status=checkout_failed.
import type { AdminOrderQuery, Order } from '@emporium/contracts/order';
import { isDateTime, isUuid, type Principal, problems, type SqlDatabase } from '@emporium/platform';
import { ordersRepository as orders, type StoredOrder, toOrder } from '../repositories/orders.js';
import { returnsRepository as returns } from '../repositories/returns.js';
import { type SagaFailure, sagasRepository as sagas } from '../repositories/sagas.js';
import { shipmentsRepository as shipments } from '../repositories/shipments.js';

const isAdmin = (principal?: Principal) => principal?.roles.includes('admin') ?? false;

function summary(order: StoredOrder) {
  return {
    orderId: order.id,
    orderNumber: order.orderNumber,
    status: order.status,
    email: order.email,
    total: { amount: order.total, currency: order.currency },
    itemCount: order.lines.reduce((n, l) => n + l.quantity, 0),
    ...(order.cancellationReason
      ? { cancellation: { code: order.cancellationCode ?? 'cancelled', reason: order.cancellationReason } }
      : {}),
    createdAt: order.createdAt.toISOString(),
  };
}

function page(found: StoredOrder[], limit: number) {
  const visible = found.slice(0, limit);
  const last = visible[visible.length - 1];
  return {
    orders: visible.map(summary),
    ...(found.length > limit && last
      ? { nextCursor: Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') }
      : {}),
  };
}

function decodeCursor(cursor?: string) {
  if (!cursor) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Judged as strictly as a date-time or uuid parameter: the decoded parts go to SQL as such.
  if (!createdAt || !id || !isDateTime(createdAt) || !isUuid(id)) {
    throw problems.validation([
      { field: 'querystring.before', message: 'is not a cursor this API gave out' },
    ]);
  }
  return { createdAt, id };
}

export function orderQueries(db: SqlDatabase) {
  return {
    async get(orderId: string, principal?: Principal): Promise<Order> {
      const order = await orders.find(db, orderId);
      const visible =
        order && (order.userId === null || order.userId === principal?.userId || isAdmin(principal));
      if (!order || !visible) throw problems.notFound(`Order ${orderId}`);
      const [timeline, shipped, returned] = await Promise.all([
        orders.timeline(db, orderId),
        shipments.forOrder(db, orderId),
        returns.forOrder(db, orderId),
      ]);
      return toOrder(order, timeline, shipped, returned);
    },

    /** Why a failed checkout attempt failed, as its saga recorded it (with the sold-out lines). */
    async checkoutFailure(orderId: string): Promise<SagaFailure | undefined> {
      return sagas.failure(db, orderId);
    },

    async mine(principal: Principal, limit: number, before?: string) {
      const found = await orders.list(db, {
        userId: principal.userId,
        before: decodeCursor(before),
        limit: limit + 1,
      });
      return page(found, limit);
    },

    async all(query: AdminOrderQuery) {
      const found = await orders.list(db, {
        ...query,
        before: decodeCursor(query.before),
        limit: query.limit + 1,
      });
      return page(found, query.limit);
    },
  };
}
