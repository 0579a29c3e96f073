// SQL for an order's returns (migration 0007). Every write runs inside a transaction that holds
// the order's row lock (returns/order-returns.ts), except markRestocked, which is conditional and
// idempotent, so the quantities and amounts read there are still true when the return is written.
import { type SqlExecutor, sql } from '@emporium/platform';

export type ReturnStatus = 'requested' | 'approved' | 'rejected' | 'received' | 'refunded' | 'exchanged';
export type ReturnKind = 'return' | 'exchange';
export type ReturnCondition = 'as_new' | 'opened' | 'damaged';

export interface ReturnLineRow {
  sku: string;
  quantity: number;
  restock: boolean | null;
  condition: ReturnCondition | null;
  restocked: boolean;
}

export interface ReturnRow {
  id: string;
  order_id: string;
  number: number;
  status: ReturnStatus;
  reason: string;
  rejection_reason: string | null;
  request_key: string | null;
  request_hash: string | null;
  refund_shipping: boolean;
  refund_amount: number | null;
  refund_request_key: string | null;
  created_at: Date;
  lines: ReturnLineRow[];
  kind: ReturnKind;
  /** Exchanges only (migration 0014). */
  replacement_sku: string | null;
  replacement_title: string | null;
  /** What the shopper pays (> 0) or is refunded (< 0) for the replacement, tax included. */
  difference: number | null;
  charge_payment_id: string | null;
  charge_captured: boolean;
  replacement_reservation_id: string | null;
  /** The shipment that carries the replacement. */
  replacement_shipment_id: string | null;
}

/** What finishing an exchange needs of its receipt. */
export interface UnfinishedExchange {
  id: string;
  order_id: string;
  /** The user id of the admin who recorded the receipt. */
  received_by: string;
  replacement_carrier: string | null;
  replacement_tracking_number: string | null;
}

/** The exchange columns of a new return or exchange. */
export type ExchangeColumns = Pick<
  ReturnRow,
  | 'kind'
  | 'replacement_sku'
  | 'replacement_title'
  | 'difference'
  | 'charge_payment_id'
  | 'replacement_reservation_id'
>;

const COLUMNS =
  sql.raw(`r.id, r.order_id, r.number, r.status, r.reason, r.rejection_reason, r.request_key, r.request_hash,
  r.refund_shipping, r.refund_amount, r.refund_request_key, r.created_at, r.kind, r.replacement_sku,
  r.replacement_title, r.difference, r.charge_payment_id, r.charge_captured, r.replacement_reservation_id,
  (select s.id from order_shipments s where s.exchange_id = r.id) as replacement_shipment_id,
  (select coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'restock', l.restock,
     'condition', l.condition, 'restocked', l.restocked) order by l.sku), '[]')
   from order_return_lines l where l.return_id = r.id) as lines`);

const toRow = (row: ReturnRow): ReturnRow => ({
  ...row,
  refund_amount: row.refund_amount === null ? null : Number(row.refund_amount),
  difference: row.difference === null ? null : Number(row.difference),
});

export const returnsRepository = {
  async forOrder(tx: SqlExecutor, orderId: string): Promise<ReturnRow[]> {
    const { rows } = await tx.query<ReturnRow>(
      sql`select ${COLUMNS} from order_returns r where r.order_id = ${orderId} order by r.number`,
    );
    return rows.map(toRow);
  },

  async insert(
    tx: SqlExecutor,
    r: Pick<ReturnRow, 'id' | 'order_id' | 'number' | 'reason' | 'request_key' | 'request_hash'> &
      ExchangeColumns & {
        requested_by: string;
        lines: { sku: string; quantity: number }[];
      },
  ): Promise<void> {
    await tx.query(
      sql`with created as (
         insert into order_returns (id, order_id, number, status, reason, request_key, request_hash, requested_by,
           kind, replacement_sku, replacement_title, difference, charge_payment_id, replacement_reservation_id)
         values (${r.id}, ${r.order_id}, ${r.number}, 'requested', ${r.reason}, ${r.request_key},
           ${r.request_hash}, ${r.requested_by}, ${r.kind}, ${r.replacement_sku}, ${r.replacement_title},
           ${r.difference}, ${r.charge_payment_id}, ${r.replacement_reservation_id}))
       insert into order_return_lines (return_id, order_id, sku, quantity)
       select ${r.id}, ${r.order_id}, line->>'sku', (line->>'quantity')::int
       from jsonb_array_elements(${JSON.stringify(r.lines)}::jsonb) as line`,
    );
  },

  /** Moves a return from `from` to `to`; false when it was not `from` any more. */
  async move(
    tx: SqlExecutor,
    id: string,
    from: ReturnStatus,
    to: ReturnStatus,
    patch: {
      rejection_reason?: string;
      refund_shipping?: boolean;
      refund_amount?: number;
      refund_request_key?: string;
    } = {},
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update order_returns set status = ${to}, updated_at = now(),
         rejection_reason = coalesce(${patch.rejection_reason ?? null}, rejection_reason),
         refund_shipping = coalesce(${patch.refund_shipping ?? null}, refund_shipping),
         refund_amount = coalesce(${patch.refund_amount ?? null}, refund_amount),
         refund_request_key = coalesce(${patch.refund_request_key ?? null}, refund_request_key)
       where id = ${id} and status = ${from}`,
    );
    return (rowCount ?? 0) > 0;
  },

  /**
   * The receipt: how each line came back, who recorded it and the replacement's parcel. An
   * exchange's completion lease starts with it, so the worker leaves it to this receipt first.
   */
  async recordReceipt(
    tx: SqlExecutor,
    returnId: string,
    lines: { sku: string; restock: boolean; condition: ReturnCondition }[],
    receipt: { receivedBy: string; parcel?: { carrier: string; trackingNumber?: string } | undefined },
  ): Promise<void> {
    await tx.query(
      sql`update order_returns set received_by = ${receipt.receivedBy},
         replacement_carrier = ${receipt.parcel?.carrier ?? null},
         replacement_tracking_number = ${receipt.parcel?.trackingNumber ?? null},
         completion_tried_at = case when kind = 'exchange' then now() end
       where id = ${returnId}`,
    );
    await tx.query(
      // The receipt's own call to the product service holds each line's restock lease first.
      sql`update order_return_lines l set restock = (x->>'restock')::boolean, condition = x->>'condition',
         restock_tried_at = now()
       from jsonb_array_elements(${JSON.stringify(lines)}::jsonb) as x
       where l.return_id = ${returnId} and l.sku = x->>'sku'`,
    );
  },

  /**
   * Received lines marked for restock that are not restocked yet and nobody tried within
   * `leaseSeconds`; taking them renews their lease (SKIP LOCKED: replicas take different lines).
   */
  async claimOwedRestocks(
    db: SqlExecutor,
    limit: number,
    leaseSeconds: number,
  ): Promise<{ return_id: string; order_id: string; sku: string; quantity: number }[]> {
    const { rows } = await db.query<{ return_id: string; order_id: string; sku: string; quantity: number }>(
      sql`update order_return_lines l set restock_tried_at = now()
       from (select l2.return_id, l2.sku from order_return_lines l2
             join order_returns r on r.id = l2.return_id
             where l2.restock and not l2.restocked and r.status <> 'rejected'
               and (l2.restock_tried_at is null
                    or l2.restock_tried_at < now() - make_interval(secs => ${leaseSeconds}))
             order by l2.restock_tried_at nulls first limit ${limit} for update of l2 skip locked) owed
       where l.return_id = owed.return_id and l.sku = owed.sku
       returning l.return_id, l.order_id, l.sku, l.quantity`,
    );
    return rows;
  },

  /**
   * Exchanges received but not finished whose lease ran out (nobody tried within `leaseSeconds`);
   * taking them renews their lease (SKIP LOCKED: replicas take different ones).
   */
  async claimUnfinishedExchanges(
    db: SqlExecutor,
    limit: number,
    leaseSeconds: number,
  ): Promise<UnfinishedExchange[]> {
    const { rows } = await db.query<UnfinishedExchange>(
      sql`update order_returns r set completion_tried_at = now()
       from (select id from order_returns
             where kind = 'exchange' and status = 'received' and received_by is not null
               and (completion_tried_at is null
                    or completion_tried_at < now() - make_interval(secs => ${leaseSeconds}))
             order by completion_tried_at nulls first limit ${limit} for update skip locked) unfinished
       where r.id = unfinished.id
       returning r.id, r.order_id, r.received_by, r.replacement_carrier, r.replacement_tracking_number`,
    );
    return rows;
  },

  /** The reservation that holds an exchange's replacement; false when another took its place first. */
  async setReplacementReservation(
    tx: SqlExecutor,
    returnId: string,
    previous: string | null,
    reservationId: string,
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update order_returns set replacement_reservation_id = ${reservationId}, updated_at = now()
       where id = ${returnId} and replacement_reservation_id is not distinct from ${previous}`,
    );
    return (rowCount ?? 0) > 0;
  },

  async markChargeCaptured(tx: SqlExecutor, returnId: string): Promise<void> {
    await tx.query(sql`update order_returns set charge_captured = true where id = ${returnId}`);
  },

  async markRestocked(tx: SqlExecutor, returnId: string, sku: string): Promise<void> {
    await tx.query(
      sql`update order_return_lines set restocked = true where return_id = ${returnId} and sku = ${sku}`,
    );
  },
};
