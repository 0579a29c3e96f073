// SQL for an order's refunds (migration 0004). Every write here runs inside a transaction that
// holds the order's row lock (order-refunds.ts in src/orders), except settle and the lease
// updates, which are conditional on the refund still being pending, so a refund is settled once
// however often its answer arrives.
import type { SqlExecutor } from '@emporium/platform';

export interface OrderRefundRow {
  id: string;
  order_id: string;
  amount: number;
  reason: string;
  actor: string;
  request_key: string | null;
  request_hash: string | null;
  status: 'pending' | 'succeeded' | 'failed';
}

const COLUMNS = 'id, order_id, amount, reason, actor, request_key, request_hash, status';

export const orderRefundsRepository = {
  async byRequest(tx: SqlExecutor, orderId: string, requestKey: string): Promise<OrderRefundRow | undefined> {
    const { rows } = await tx.query<OrderRefundRow>(
      `select ${COLUMNS} from order_refunds where order_id = $1 and request_key = $2`,
      [orderId, requestKey],
    );
    return rows[0];
  },

  async pendingTotal(tx: SqlExecutor, orderId: string): Promise<number> {
    const { rows } = await tx.query<{ pending: number }>(
      `select coalesce(sum(amount), 0)::bigint as pending from order_refunds where order_id = $1 and status = 'pending'`,
      [orderId],
    );
    return Number(rows[0]?.pending ?? 0);
  },

  async insert(
    tx: SqlExecutor,
    r: Omit<OrderRefundRow, 'status'> & { status: OrderRefundRow['status']; leaseMs: number },
  ): Promise<OrderRefundRow> {
    const { rows } = await tx.query<OrderRefundRow>(
      `insert into order_refunds (id, order_id, amount, reason, actor, request_key, request_hash, status,
         lease_until, settled_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9::double precision / 1000),
         case when $8 = 'pending' then null else now() end)
       returning ${COLUMNS}`,
      [r.id, r.order_id, r.amount, r.reason, r.actor, r.request_key, r.request_hash, r.status, r.leaseMs],
    );
    return rows[0]!;
  },

  /** Takes over the order's pending refunds whose lease ran out (their request died or gave up). */
  async takeOverStale(tx: SqlExecutor, orderId: string, leaseMs: number): Promise<OrderRefundRow[]> {
    const { rows } = await tx.query<OrderRefundRow>(
      `update order_refunds set lease_until = now() + make_interval(secs => $2::double precision / 1000)
       where order_id = $1 and status = 'pending' and lease_until < now()
       returning ${COLUMNS}`,
      [orderId, leaseMs],
    );
    return rows;
  },

  /**
   * Takes over up to `limit` pending refunds of any order whose lease ran out, for the
   * reconciliation worker; SKIP LOCKED leaves rows another replica is taking to that replica, and
   * the renewed lease keeps them from every other taker until this one has asked the payment service.
   */
  async takeOverAbandoned(tx: SqlExecutor, leaseMs: number, limit: number): Promise<OrderRefundRow[]> {
    const { rows } = await tx.query<OrderRefundRow>(
      `update order_refunds set lease_until = now() + make_interval(secs => $1::double precision / 1000)
       where id in (
         select id from order_refunds where status = 'pending' and lease_until < now()
         order by lease_until limit $2 for update skip locked)
       returning ${COLUMNS}`,
      [leaseMs, limit],
    );
    return rows;
  },

  /** Marks a pending refund settled; false when it was not pending any more (settled by another call). */
  async settle(tx: SqlExecutor, id: string, status: 'succeeded' | 'failed'): Promise<boolean> {
    const { rowCount } = await tx.query(
      `update order_refunds set status = $2, settled_at = now() where id = $1 and status = 'pending'`,
      [id, status],
    );
    return (rowCount ?? 0) > 0;
  },

  /** Lets the worker, or the next refund or cancellation, retry a pending refund at once (its payment call failed). */
  async expireLease(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(`update order_refunds set lease_until = now() where id = $1 and status = 'pending'`, [id]);
  },
};
