// SQL for orders and their transition log. Checkouts place orders and move them in statements of
// their own (checkouts.ts, saga-steps.ts).
import type { OrderAddress } from '@emporium/contracts';
import type { Order, OrderStatus, ShippingMethod } from '@emporium/contracts/order';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import { fulfillmentStatus } from '../fulfilment/fulfilment-status.js';
import type { ReturnRow } from './returns.js';
import type { ShipmentRow } from './shipments.js';

export interface OrderLineSnapshot {
  sku: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: { amount: number; currency: string };
  lineTotal: { amount: number; currency: string };
}

export interface OrderRow {
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
  /** The shipping option's name in the quote kept with the order; null before quotes were kept. */
  shipping_name?: string | null;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  /** What promotions took off, lines and shipping (migration 0011). */
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

export interface TransitionRow {
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  /** Set on timeline lines that are not status changes. */
  event?: string | null;
  reason: string;
  actor: string;
  at: Date;
}

export type NewOrder = Pick<
  OrderRow,
  | 'id'
  | 'user_id'
  | 'cart_id'
  | 'email'
  | 'currency'
  | 'lines'
  | 'shipping_address'
  | 'billing_address'
  | 'shipping_method'
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
  payment_id?: string;
  cancellation_code?: string;
  cancellation_reason?: string;
  carrier?: string;
  tracking_number?: string;
  refunded?: number;
}

/** The shipment as the API shows it, with its lines' titles from the order's snapshot. */
function toShipment(order: Pick<OrderRow, 'lines'>, shipment: ShipmentRow) {
  const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
  return {
    shipmentId: shipment.id,
    number: shipment.number,
    status: shipment.status,
    ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
    ...(shipment.tracking_number ? { trackingNumber: shipment.tracking_number } : {}),
    ...(shipment.tracking_url ? { trackingUrl: shipment.tracking_url } : {}),
    ...(shipment.location_id ? { locationId: shipment.location_id } : {}),
    lines: shipment.lines.map((line) => ({ ...line, title: titles.get(line.sku) ?? line.sku })),
    createdAt: shipment.created_at.toISOString(),
    ...(shipment.delivered_at ? { deliveredAt: shipment.delivered_at.toISOString() } : {}),
  };
}

/** The return as the API shows it. */
function toReturn(order: Pick<OrderRow, 'lines' | 'currency'>, ret: ReturnRow) {
  const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
  return {
    returnId: ret.id,
    number: ret.number,
    kind: ret.kind,
    status: ret.status,
    reason: ret.reason,
    ...(ret.rejection_reason ? { rejectionReason: ret.rejection_reason } : {}),
    lines: ret.lines.map((line) => ({
      sku: line.sku,
      title: titles.get(line.sku) ?? line.sku,
      quantity: line.quantity,
      ...(line.restock === null ? {} : { restock: line.restock }),
      ...(line.condition === null ? {} : { condition: line.condition }),
    })),
    ...(ret.refund_amount === null
      ? {}
      : { refund: { amount: ret.refund_amount, currency: order.currency } }),
    ...((ret.difference ?? 0) > 0 ? { charge: { amount: ret.difference!, currency: order.currency } } : {}),
    ...(ret.replacement_sku
      ? {
          replacement: {
            sku: ret.replacement_sku,
            title: ret.replacement_title ?? ret.replacement_sku,
            quantity: ret.lines[0]?.quantity ?? 1,
            ...(ret.replacement_shipment_id ? { shipmentId: ret.replacement_shipment_id } : {}),
          },
        }
      : {}),
    refundShipping: ret.refund_shipping,
    createdAt: ret.created_at.toISOString(),
  };
}

/** shipments and returns: none while the checkout runs, so the hot path needs no read of them. */
export function toOrder(
  row: OrderRow,
  timeline: TransitionRow[],
  shipments: ShipmentRow[] = [],
  returns: ReturnRow[] = [],
): Order {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    orderId: row.id,
    orderNumber: row.order_number,
    status: row.status,
    ...(row.user_id ? { userId: row.user_id } : {}),
    email: row.email,
    lines: row.lines,
    totals: {
      subtotal: money(row.subtotal),
      shipping: money(row.shipping),
      tax: money(row.tax),
      total: money(row.total),
      ...(row.discount > 0 && { discount: money(row.discount) }),
    },
    refunded: money(row.refunded),
    shippingMethod: row.shipping_method,
    ...(row.shipping_name && { shippingName: row.shipping_name }),
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    ...(row.cancellation_reason
      ? { cancellation: { code: row.cancellation_code ?? 'cancelled', reason: row.cancellation_reason } }
      : {}),
    ...(row.carrier || row.tracking_number
      ? {
          shipment: {
            ...(row.carrier ? { carrier: row.carrier } : {}),
            ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
          },
        }
      : {}),
    fulfillmentStatus: fulfillmentStatus(row.lines, shipments),
    shipments: shipments.map((shipment) => toShipment(row, shipment)),
    returns: returns.map((ret) => toReturn(row, ret)),
    timeline: timeline.map((t) => ({
      from: t.from_status,
      to: t.to_status,
      ...(t.event ? { event: t.event } : {}),
      reason: t.reason,
      actor: t.actor,
      at: t.at.toISOString(),
    })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
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
  async find(tx: SqlExecutor, id: string, forUpdate = false): Promise<OrderRow | undefined> {
    const { rows } = await tx.query<OrderRow>(
      sql`select ${ORDER_COLUMNS} from orders where id = ${id}${forUpdate ? sql` for update` : sql.empty}`,
      { prepare: true },
    );
    return rows[0];
  },

  async timeline(tx: SqlExecutor, id: string): Promise<TransitionRow[]> {
    const { rows } = await tx.query<TransitionRow>(
      sql`select from_status, to_status, event, reason, actor, at from order_transitions
          where order_id = ${id} order by id`,
      { prepare: true },
    );
    return rows;
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
  ): Promise<OrderRow | undefined> {
    const { rows } = await tx.query<OrderRow>(
      sql`with moved as (
         update orders set status = ${to}::text, updated_at = now(),
           payment_id = coalesce(${patch.payment_id ?? null}, payment_id),
           cancellation_code = coalesce(${patch.cancellation_code ?? null}, cancellation_code),
           cancellation_reason = coalesce(${patch.cancellation_reason ?? null}, cancellation_reason),
           carrier = coalesce(${patch.carrier ?? null}, carrier),
           tracking_number = coalesce(${patch.tracking_number ?? null}, tracking_number),
           refunded = coalesce(${patch.refunded ?? null}, refunded)
         where id = ${id} and status = ${from}::text returning ${ORDER_COLUMNS}),
       logged as (
         insert into order_transitions (order_id, from_status, to_status, reason, actor)
         select id, ${from}::text, ${to}::text, ${reason}, ${actor} from moved where ${from}::text <> ${to}::text)
       select ${ORDER_FIELDS} from moved`,
      { prepare: true },
    );
    return rows[0];
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
  async list(tx: SqlExecutor, filter: OrderListFilter): Promise<OrderRow[]> {
    const { rows } = await tx.query<OrderRow>(
      sql`select ${ORDER_COLUMNS} from orders where ${listConditions(filter)}
          order by created_at desc, id desc limit ${filter.limit}`,
    );
    return rows;
  },
};
