// SQL for orders and their transition log. Checkouts place orders and move them in statements of
// their own (checkouts.ts, saga-steps.ts).
import type { OrderAddress } from '@emporium/contracts';
import type { Order, OrderStatus, ShippingMethod } from '@emporium/contracts/order';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import { fulfillmentStatus } from '../fulfilment/fulfilment-status.js';
import type { StoredReturn } from './returns.js';
import type { StoredShipment } from './shipments.js';

export interface OrderLineSnapshot {
  sku: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: { amount: number; currency: string };
  lineTotal: { amount: number; currency: string };
}

/** An order as the service works with it. */
export interface StoredOrder {
  id: string;
  orderNumber: string;
  userId: string | null;
  cartId: string;
  email: string;
  status: OrderStatus;
  currency: string;
  lines: OrderLineSnapshot[];
  shippingAddress: OrderAddress;
  billingAddress: OrderAddress;
  shippingMethod: ShippingMethod;
  /** The shipping option's name in the quote kept with the order; null before quotes were kept. */
  shippingName: string | null;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  /** What promotions took off, lines and shipping (migration 0011). */
  discount: number;
  refunded: number;
  paymentId: string | null;
  cancellationCode: string | null;
  cancellationReason: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One line of an order's timeline. */
export interface OrderTransition {
  from: OrderStatus | null;
  to: OrderStatus;
  /** Set on timeline lines that are not status changes. */
  event?: string | null;
  reason: string;
  actor: string;
  at: Date;
}

/** What ORDER_COLUMNS reads. */
interface OrderRow {
  id: string;
  order_number: string;
  user_id: string | null;
  cart_id: string;
  email: string;
  status: OrderStatus;
  currency: string;
  lines: OrderLineSnapshot[];
  shipping_address: OrderAddress;
  billing_address: OrderAddress;
  shipping_method: ShippingMethod;
  shipping_name: string | null;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  discount: number;
  refunded: number;
  payment_id: string | null;
  cancellation_code: string | null;
  cancellation_reason: string | null;
  carrier: string | null;
  tracking_number: string | null;
  created_at: Date;
  updated_at: Date;
}

interface TransitionRow {
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  event: string | null;
  reason: string;
  actor: string;
  at: Date;
}

const fromRow = (row: OrderRow): StoredOrder => ({
  id: row.id,
  orderNumber: row.order_number,
  userId: row.user_id,
  cartId: row.cart_id,
  email: row.email,
  status: row.status,
  currency: row.currency,
  lines: row.lines,
  shippingAddress: row.shipping_address,
  billingAddress: row.billing_address,
  shippingMethod: row.shipping_method,
  shippingName: row.shipping_name,
  subtotal: row.subtotal,
  shipping: row.shipping,
  tax: row.tax,
  total: row.total,
  discount: row.discount,
  refunded: row.refunded,
  paymentId: row.payment_id,
  cancellationCode: row.cancellation_code,
  cancellationReason: row.cancellation_reason,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const transitionFromRow = (row: TransitionRow): OrderTransition => ({
  from: row.from_status,
  to: row.to_status,
  event: row.event,
  reason: row.reason,
  actor: row.actor,
  at: row.at,
});

export type NewOrder = Pick<
  StoredOrder,
  | 'id'
  | 'orderNumber'
  | 'userId'
  | 'cartId'
  | 'email'
  | 'currency'
  | 'lines'
  | 'shippingAddress'
  | 'billingAddress'
  | 'shippingMethod'
  | 'subtotal'
  | 'shipping'
  | 'tax'
  | 'total'
  | 'discount'
>;

export interface OrderListFilter {
  userId?: string;
  status?: string;
  email?: string;
  from?: string;
  to?: string;
  before?: { createdAt: string; id: string };
  limit: number;
}

/** Fields a transition may set together with the status. */
export interface TransitionPatch {
  paymentId?: string;
  cancellationCode?: string;
  cancellationReason?: string;
  carrier?: string;
  trackingNumber?: string;
  refunded?: number;
}

/** The shipment as the API shows it, with its lines' titles from the order's snapshot. */
function toShipment(order: Pick<StoredOrder, 'lines'>, shipment: StoredShipment) {
  const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
  return {
    shipmentId: shipment.id,
    number: shipment.number,
    status: shipment.status,
    ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
    ...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
    ...(shipment.trackingUrl ? { trackingUrl: shipment.trackingUrl } : {}),
    ...(shipment.locationId ? { locationId: shipment.locationId } : {}),
    lines: shipment.lines.map((line) => ({ ...line, title: titles.get(line.sku) ?? line.sku })),
    createdAt: shipment.createdAt.toISOString(),
    ...(shipment.deliveredAt ? { deliveredAt: shipment.deliveredAt.toISOString() } : {}),
  };
}

/** The return as the API shows it. */
function toReturn(order: Pick<StoredOrder, 'lines' | 'currency'>, ret: StoredReturn) {
  const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
  return {
    returnId: ret.id,
    number: ret.number,
    kind: ret.kind,
    status: ret.status,
    reason: ret.reason,
    ...(ret.rejectionReason ? { rejectionReason: ret.rejectionReason } : {}),
    lines: ret.lines.map((line) => ({
      sku: line.sku,
      title: titles.get(line.sku) ?? line.sku,
      quantity: line.quantity,
      ...(line.restock === null ? {} : { restock: line.restock }),
      ...(line.condition === null ? {} : { condition: line.condition }),
    })),
    ...(ret.refundAmount === null ? {} : { refund: { amount: ret.refundAmount, currency: order.currency } }),
    ...((ret.difference ?? 0) > 0 ? { charge: { amount: ret.difference!, currency: order.currency } } : {}),
    ...(ret.replacementSku
      ? {
          replacement: {
            sku: ret.replacementSku,
            title: ret.replacementTitle ?? ret.replacementSku,
            quantity: ret.lines[0]?.quantity ?? 1,
            ...(ret.replacementShipmentId ? { shipmentId: ret.replacementShipmentId } : {}),
          },
        }
      : {}),
    refundShipping: ret.refundShipping,
    createdAt: ret.createdAt.toISOString(),
  };
}

/** shipments and returns: none while the checkout runs, so the hot path needs no read of them. */
export function toOrder(
  order: StoredOrder,
  timeline: OrderTransition[],
  shipments: StoredShipment[] = [],
  returns: StoredReturn[] = [],
): Order {
  const money = (amount: number) => ({ amount, currency: order.currency });
  return {
    orderId: order.id,
    orderNumber: order.orderNumber,
    status: order.status,
    ...(order.userId ? { userId: order.userId } : {}),
    email: order.email,
    lines: order.lines,
    totals: {
      subtotal: money(order.subtotal),
      shipping: money(order.shipping),
      tax: money(order.tax),
      total: money(order.total),
      ...(order.discount > 0 && { discount: money(order.discount) }),
    },
    refunded: money(order.refunded),
    shippingMethod: order.shippingMethod,
    ...(order.shippingName && { shippingName: order.shippingName }),
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    ...(order.cancellationReason
      ? { cancellation: { code: order.cancellationCode ?? 'cancelled', reason: order.cancellationReason } }
      : {}),
    ...(order.carrier || order.trackingNumber
      ? {
          shipment: {
            ...(order.carrier ? { carrier: order.carrier } : {}),
            ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
          },
        }
      : {}),
    fulfillmentStatus: fulfillmentStatus(order.lines, shipments),
    shipments: shipments.map((shipment) => toShipment(order, shipment)),
    returns: returns.map((ret) => toReturn(order, ret)),
    timeline: timeline.map((t) => ({
      from: t.from,
      to: t.to,
      ...(t.event ? { event: t.event } : {}),
      reason: t.reason,
      actor: t.actor,
      at: t.at.toISOString(),
    })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

// Listed, not `*`: the hot statements are prepared, and a prepared `*` breaks when a column is added.
// ORDER_FIELDS reads them again from a statement's own result (a `returning` of ORDER_COLUMNS).
const ORDER_FIELD_LIST = `id, order_number, user_id, cart_id, email, status, currency, lines, shipping_address,
  billing_address, shipping_method, shipping_name, subtotal, shipping, tax, total, discount, refunded, payment_id,
  cancellation_code, cancellation_reason, carrier, tracking_number, created_at, updated_at`;
const ORDER_FIELDS = sql.raw(ORDER_FIELD_LIST);
const ORDER_COLUMNS = sql.raw(
  ORDER_FIELD_LIST.replace('shipping_name', "quote->'shipping'->>'name' as shipping_name"),
);

/** The conditions of an order listing; a filter left out adds none. */
function listConditions(filter: OrderListFilter): SqlStatement {
  // Failed checkout attempts were never orders: listed only when the status asks for them.
  const conditions = [
    filter.status === undefined ? sql`status <> 'checkout_failed'` : sql`status = ${filter.status}`,
  ];
  if (filter.userId !== undefined) conditions.push(sql`user_id = ${filter.userId}`);
  if (filter.email !== undefined) conditions.push(sql`lower(email) = lower(${filter.email})`);
  if (filter.from !== undefined) conditions.push(sql`created_at >= ${filter.from}::timestamptz`);
  if (filter.to !== undefined) conditions.push(sql`created_at < ${filter.to}::timestamptz`);
  if (filter.before !== undefined) {
    const { createdAt, id } = filter.before;
    conditions.push(sql`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return sql.join(conditions, ' and ');
}

export const ordersRepository = {
  async find(tx: SqlExecutor, id: string, forUpdate = false): Promise<StoredOrder | undefined> {
    const { rows } = await tx.query<OrderRow>(
      sql`select ${ORDER_COLUMNS} from orders where id = ${id}${forUpdate ? sql` for update` : sql.empty}`,
      { prepare: true },
    );
    return rows[0] && fromRow(rows[0]);
  },

  async timeline(tx: SqlExecutor, id: string): Promise<OrderTransition[]> {
    const { rows } = await tx.query<TransitionRow>(
      sql`select from_status, to_status, event, reason, actor, at from order_transitions
          where order_id = ${id} order by id`,
      { prepare: true },
    );
    return rows.map(transitionFromRow);
  },

  /** Moves the order from `from` to `to` and logs the move, in one statement; undefined when it was no longer `from`. */
  async transition(
    tx: SqlExecutor,
    id: string,
    from: OrderStatus,
    to: OrderStatus,
    reason: string,
    actor: string,
    patch: TransitionPatch = {},
  ): Promise<StoredOrder | undefined> {
    const { rows } = await tx.query<OrderRow>(
      sql`with moved as (
         update orders set status = ${to}::text, updated_at = now(),
           payment_id = coalesce(${patch.paymentId ?? null}, payment_id),
           cancellation_code = coalesce(${patch.cancellationCode ?? null}, cancellation_code),
           cancellation_reason = coalesce(${patch.cancellationReason ?? null}, cancellation_reason),
           carrier = coalesce(${patch.carrier ?? null}, carrier),
           tracking_number = coalesce(${patch.trackingNumber ?? null}, tracking_number),
           refunded = coalesce(${patch.refunded ?? null}, refunded)
         where id = ${id} and status = ${from}::text returning ${ORDER_COLUMNS}),
       logged as (
         insert into order_transitions (order_id, from_status, to_status, reason, actor)
         select id, ${from}::text, ${to}::text, ${reason}, ${actor} from moved where ${from}::text <> ${to}::text)
       select ${ORDER_FIELDS} from moved`,
      { prepare: true },
    );
    return rows[0] && fromRow(rows[0]);
  },

  /** A timeline line for something that happened while the order kept its status. */
  async logEvent(
    tx: SqlExecutor,
    orderId: string,
    status: string,
    event: string,
    reason: string,
    actor: string,
  ): Promise<void> {
    await tx.query(
      sql`insert into order_transitions (order_id, from_status, to_status, event, reason, actor)
          values (${orderId}, ${status}, ${status}, ${event}, ${reason}, ${actor})`,
    );
  },

  /** Failed checkout attempts are listed only when `status` asks for them: they were never orders. */
  async list(tx: SqlExecutor, filter: OrderListFilter): Promise<StoredOrder[]> {
    const { rows } = await tx.query<OrderRow>(
      sql`select ${ORDER_COLUMNS} from orders where ${listConditions(filter)}
          order by created_at desc, id desc limit ${filter.limit}`,
    );
    return rows.map(fromRow);
  },
};
