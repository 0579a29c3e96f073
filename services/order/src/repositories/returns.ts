// SQL for an order's returns (migration 0007). Every write runs inside a transaction that holds
// the order's row lock (returns/order-returns.ts), except markRestocked, which is conditional and
// idempotent, so the quantities and amounts read there are still true when the return is written.
import { type SqlExecutor, sql } from '@emporium/platform';

export type ReturnStatus = 'requested' | 'approved' | 'rejected' | 'received' | 'refunded' | 'exchanged';
export type ReturnKind = 'return' | 'exchange';
export type ReturnCondition = 'as_new' | 'opened' | 'damaged';

export interface ReturnLine {
  sku: string;
  quantity: number;
  restock: boolean | null;
  condition: ReturnCondition | null;
  restocked: boolean;
}

/** A return or exchange as the service works with it. */
export interface StoredReturn {
  id: string;
  orderId: string;
  number: number;
  status: ReturnStatus;
  reason: string;
  rejectionReason: string | null;
  requestKey: string | null;
  requestHash: string | null;
  refundShipping: boolean;
  refundAmount: number | null;
  refundRequestKey: string | null;
  createdAt: Date;
  lines: ReturnLine[];
  kind: ReturnKind;
  /** Exchanges only (migration 0014). */
  replacementSku: string | null;
  replacementTitle: string | null;
  /** What the shopper pays (> 0) or is refunded (< 0) for the replacement, tax included. */
  difference: number | null;
  chargePaymentId: string | null;
  chargeCaptured: boolean;
  replacementReservationId: string | null;
  /** The shipment that carries the replacement. */
  replacementShipmentId: string | null;
  /** A return's share of dearer exchanges' differences, refunded by their own payments (migration 0016). */
  chargeRefunds: ChargeRefund[];
}

/** What finishing an exchange needs of its receipt. */
export interface UnfinishedExchange {
  id: string;
  /** The exchange's number within its order, as the timeline names it. */
  number: number;
  orderId: string;
  /** The user id of the admin who recorded the receipt. */
  receivedBy: string;
  replacementCarrier: string | null;
  replacementTrackingNumber: string | null;
  /** Failed tries of the worker before this one. */
  completionAttempts: number;
}

/** A received line owed a restock. */
export interface OwedRestock {
  returnId: string;
  orderId: string;
  sku: string;
  quantity: number;
}

/** The exchange columns of a new return or exchange. */
export type ExchangeColumns = Pick<
  StoredReturn,
  | 'kind'
  | 'replacementSku'
  | 'replacementTitle'
  | 'difference'
  | 'chargePaymentId'
  | 'replacementReservationId'
>;

/** What COLUMNS reads. */
interface ReturnRow {
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
  lines: ReturnLine[];
  kind: ReturnKind;
  replacement_sku: string | null;
  replacement_title: string | null;
  difference: number | null;
  charge_payment_id: string | null;
  charge_captured: boolean;
  replacement_reservation_id: string | null;
  replacement_shipment_id: string | null;
  charge_refunds: ChargeRefund[] | null;
}

/** What one dearer exchange's payment gives back when its replacement is returned. */
export interface ChargeRefund {
  exchangeId: string;
  paymentId: string;
  amount: number;
}

const COLUMNS =
  sql.raw(`r.id, r.order_id, r.number, r.status, r.reason, r.rejection_reason, r.request_key, r.request_hash,
  r.refund_shipping, r.refund_amount, r.refund_request_key, r.created_at, r.kind, r.replacement_sku,
  r.replacement_title, r.difference, r.charge_payment_id, r.charge_captured, r.replacement_reservation_id,
  r.charge_refunds,
  (select s.id from order_shipments s where s.exchange_id = r.id) as replacement_shipment_id,
  (select coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'restock', l.restock,
     'condition', l.condition, 'restocked', l.restocked) order by l.sku), '[]')
   from order_return_lines l where l.return_id = r.id) as lines`);

const fromRow = (row: ReturnRow): StoredReturn => ({
  id: row.id,
  orderId: row.order_id,
  number: row.number,
  status: row.status,
  reason: row.reason,
  rejectionReason: row.rejection_reason,
  requestKey: row.request_key,
  requestHash: row.request_hash,
  refundShipping: row.refund_shipping,
  refundAmount: row.refund_amount === null ? null : Number(row.refund_amount),
  refundRequestKey: row.refund_request_key,
  createdAt: row.created_at,
  lines: row.lines,
  kind: row.kind,
  replacementSku: row.replacement_sku,
  replacementTitle: row.replacement_title,
  difference: row.difference === null ? null : Number(row.difference),
  chargePaymentId: row.charge_payment_id,
  chargeCaptured: row.charge_captured,
  replacementReservationId: row.replacement_reservation_id,
  replacementShipmentId: row.replacement_shipment_id,
  chargeRefunds: row.charge_refunds ?? [],
});

export const returnsRepository = {
  async forOrder(tx: SqlExecutor, orderId: string): Promise<StoredReturn[]> {
    const { rows } = await tx.query<ReturnRow>(
      sql`select ${COLUMNS} from order_returns r where r.order_id = ${orderId} order by r.number`,
    );
    return rows.map(fromRow);
  },

  async insert(
    tx: SqlExecutor,
    r: Pick<StoredReturn, 'id' | 'orderId' | 'number' | 'reason' | 'requestKey' | 'requestHash'> &
      ExchangeColumns & {
        requestedBy: string;
        lines: { sku: string; quantity: number }[];
      },
  ): Promise<void> {
    await tx.query(
      sql`with created as (
         insert into order_returns (id, order_id, number, status, reason, request_key, request_hash, requested_by,
           kind, replacement_sku, replacement_title, difference, charge_payment_id, replacement_reservation_id)
         values (${r.id}, ${r.orderId}, ${r.number}, 'requested', ${r.reason}, ${r.requestKey},
           ${r.requestHash}, ${r.requestedBy}, ${r.kind}, ${r.replacementSku}, ${r.replacementTitle},
           ${r.difference}, ${r.chargePaymentId}, ${r.replacementReservationId}))
       insert into order_return_lines (return_id, order_id, sku, quantity)
       select ${r.id}, ${r.orderId}, line->>'sku', (line->>'quantity')::int
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
      rejectionReason?: string;
      refundShipping?: boolean;
      refundAmount?: number;
      refundRequestKey?: string;
      chargeRefunds?: ChargeRefund[];
    } = {},
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update order_returns set status = ${to}, updated_at = now(),
         rejection_reason = coalesce(${patch.rejectionReason ?? null}, rejection_reason),
         refund_shipping = coalesce(${patch.refundShipping ?? null}, refund_shipping),
         refund_amount = coalesce(${patch.refundAmount ?? null}, refund_amount),
         refund_request_key = coalesce(${patch.refundRequestKey ?? null}, refund_request_key),
         charge_refunds = coalesce(${patch.chargeRefunds ? JSON.stringify(patch.chargeRefunds) : null}::jsonb,
           charge_refunds)
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
  async claimOwedRestocks(db: SqlExecutor, limit: number, leaseSeconds: number): Promise<OwedRestock[]> {
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
    return rows.map((row) => ({
      returnId: row.return_id,
      orderId: row.order_id,
      sku: row.sku,
      quantity: row.quantity,
    }));
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
    const { rows } = await db.query<{
      id: string;
      number: number;
      order_id: string;
      received_by: string;
      replacement_carrier: string | null;
      replacement_tracking_number: string | null;
      completion_attempts: number;
    }>(
      sql`update order_returns r set completion_tried_at = now()
       from (select id from order_returns
             where kind = 'exchange' and status = 'received' and received_by is not null
               and (completion_tried_at is null
                    or completion_tried_at < now() - make_interval(secs => ${leaseSeconds}))
               and (completion_retry_at is null or completion_retry_at <= now())
             order by completion_tried_at nulls first limit ${limit} for update skip locked) unfinished
       where r.id = unfinished.id
       returning r.id, r.number, r.order_id, r.received_by, r.replacement_carrier, r.replacement_tracking_number,
         r.completion_attempts`,
    );
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      orderId: row.order_id,
      receivedBy: row.received_by,
      replacementCarrier: row.replacement_carrier,
      replacementTrackingNumber: row.replacement_tracking_number,
      completionAttempts: row.completion_attempts,
    }));
  },

  /**
   * A failed try at finishing an exchange: counted, its error kept, and the next try not before
   * `firstSeconds` doubled for every earlier failure, at most `maxSeconds`, from now. Answers the
   * failures counted so far, this one included.
   */
  async recordCompletionFailure(
    db: SqlExecutor,
    returnId: string,
    error: string,
    backoff: { firstSeconds: number; maxSeconds: number },
  ): Promise<number> {
    const { rows } = await db.query<{ completion_attempts: number }>(
      sql`update order_returns set completion_attempts = completion_attempts + 1, completion_error = ${error},
         completion_retry_at = now() + make_interval(secs =>
           least(${backoff.firstSeconds}::float8 * power(2, least(completion_attempts, 30)), ${backoff.maxSeconds}))
       where id = ${returnId} returning completion_attempts`,
    );
    return rows[0]?.completion_attempts ?? 0;
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
