// SQL for an order's refunds (migration 0004). Every write here runs inside a transaction that
// holds the order's row lock (order-refunds.ts in src/orders), except settle and the lease
// updates, which are conditional on the refund still being pending, so a refund is settled once
// however often its answer arrives.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface OrderRefund {
  id: string;
  orderId: string;
  amount: number;
  reason: string;
  actor: string;
  /** The Idempotency-Key of the request that asked for it, and the hash of that request's body. */
  requestKey: string | null;
  requestHash: string | null;
  status: 'pending' | 'succeeded' | 'failed';
}

interface OrderRefundRow {
  id: string;
  order_id: string;
  amount: number;
  reason: string;
  actor: string;
  request_key: string | null;
  request_hash: string | null;
  status: OrderRefund['status'];
}

const toRefund = (row: OrderRefundRow): OrderRefund => ({
  id: row.id,
  orderId: row.order_id,
  amount: Number(row.amount),
  reason: row.reason,
  actor: row.actor,
  requestKey: row.request_key,
  requestHash: row.request_hash,
  status: row.status,
});

const COLUMNS = sql.raw('id, order_id, amount, reason, actor, request_key, request_hash, status');

/** A lease running `leaseMs` from now. */
const leaseFromNow = (leaseMs: number) =>
  sql`now() + make_interval(secs => ${leaseMs}::double precision / 1000)`;

export const orderRefundsRepository = {
  async byRequest(tx: SqlExecutor, orderId: string, requestKey: string): Promise<OrderRefund | undefined> {
    const { rows } = await tx.query<OrderRefundRow>(
      sql`select ${COLUMNS} from order_refunds where order_id = ${orderId} and request_key = ${requestKey}`,
    );
    return rows[0] && toRefund(rows[0]);
  },

  async pendingTotal(tx: SqlExecutor, orderId: string): Promise<number> {
    const { rows } = await tx.query<{ pending: number }>(
      sql`select coalesce(sum(amount), 0)::bigint as pending from order_refunds
          where order_id = ${orderId} and status = 'pending'`,
    );
    return Number(rows[0]?.pending ?? 0);
  },

  async insert(tx: SqlExecutor, r: OrderRefund & { leaseMs: number }): Promise<OrderRefund> {
    const { rows } = await tx.query<OrderRefundRow>(
      sql`insert into order_refunds (id, order_id, amount, reason, actor, request_key, request_hash, status,
            lease_until, settled_at)
          values (${r.id}, ${r.orderId}, ${r.amount}, ${r.reason}, ${r.actor}, ${r.requestKey}, ${r.requestHash},
            ${r.status}, ${leaseFromNow(r.leaseMs)}, ${r.status === 'pending' ? sql`null` : sql`now()`})
          returning ${COLUMNS}`,
    );
    return toRefund(rows[0]!);
  },

  /** Takes over the order's pending refunds whose lease ran out (their request died or gave up). */
  async takeOverStale(tx: SqlExecutor, orderId: string, leaseMs: number): Promise<OrderRefund[]> {
    const { rows } = await tx.query<OrderRefundRow>(
      sql`update order_refunds set lease_until = ${leaseFromNow(leaseMs)}
          where order_id = ${orderId} and status = 'pending' and lease_until < now()
          returning ${COLUMNS}`,
    );
    return rows.map(toRefund);
  },

  /**
   * Takes over up to `limit` pending refunds of any order whose lease ran out, for the
   * reconciliation worker; SKIP LOCKED leaves rows another replica is taking to that replica, and
   * the renewed lease keeps them from every other taker until this one has asked the payment service.
   */
  async takeOverAbandoned(tx: SqlExecutor, leaseMs: number, limit: number): Promise<OrderRefund[]> {
    const { rows } = await tx.query<OrderRefundRow>(
      sql`update order_refunds set lease_until = ${leaseFromNow(leaseMs)}
          where id in (
            select id from order_refunds where status = 'pending' and lease_until < now()
            order by lease_until limit ${limit} for update skip locked)
          returning ${COLUMNS}`,
    );
    return rows.map(toRefund);
  },

  /** Marks a pending refund settled; false when it was not pending any more (settled by another call). */
  async settle(tx: SqlExecutor, id: string, status: 'succeeded' | 'failed'): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update order_refunds set status = ${status}, settled_at = now() where id = ${id} and status = 'pending'`,
    );
    return (rowCount ?? 0) > 0;
  },

  /** Lets the worker, or the next refund or cancellation, retry a pending refund at once (its payment call failed). */
  async expireLease(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(sql`update order_refunds set lease_until = now() where id = ${id} and status = 'pending'`);
  },
};
