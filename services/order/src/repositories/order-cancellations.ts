// SQL for cancellations under way (migrations 0004, 0005): at most one per order, held by one
// cancel request or the reconciliation worker at a time through a lease, with the admin's reason
// and actor recorded when it is first taken.
import { type SqlExecutor, sql } from '@emporium/platform';

/** What a cancellation was asked for with; kept by whoever takes it over. */
export interface CancellationRequest {
  reason: string;
  actor: string;
}

export interface AbandonedCancellation extends CancellationRequest {
  orderId: string;
}

/** A lease running `leaseMs` from now. */
const leaseFromNow = (leaseMs: number) =>
  sql`now() + make_interval(secs => ${leaseMs}::double precision / 1000)`;

export const orderCancellationsRepository = {
  /** True when a cancellation of the order is under way (whoever holds it, lease or not). */
  async underWay(tx: SqlExecutor, orderId: string): Promise<boolean> {
    const { rows } = await tx.query(sql`select 1 from order_cancellations where order_id = ${orderId}`);
    return rows.length > 0;
  },

  /**
   * Takes the order's cancellation for `holder`: new (recording `request`), or one whose lease ran
   * out, which keeps the request it was started with. Undefined when another holder has it.
   */
  async claim(
    tx: SqlExecutor,
    orderId: string,
    holder: string,
    leaseMs: number,
    request: CancellationRequest,
  ): Promise<CancellationRequest | undefined> {
    const { rows } = await tx.query<CancellationRequest>(
      sql`insert into order_cancellations (order_id, holder, held_until, reason, actor)
          values (${orderId}, ${holder}, ${leaseFromNow(leaseMs)}, ${request.reason}, ${request.actor})
          on conflict (order_id) do update set holder = excluded.holder, held_until = excluded.held_until
            where order_cancellations.held_until < now()
          returning reason, actor`,
    );
    return rows[0];
  },

  /**
   * Takes over, for `holder`, up to `limit` cancellations whose lease ran out (their holder died or
   * gave up); SKIP LOCKED leaves rows another replica is taking to that replica.
   */
  async takeOverAbandoned(
    tx: SqlExecutor,
    holder: string,
    leaseMs: number,
    limit: number,
  ): Promise<AbandonedCancellation[]> {
    const { rows } = await tx.query<CancellationRequest & { order_id: string }>(
      sql`update order_cancellations set holder = ${holder}, held_until = ${leaseFromNow(leaseMs)}
          where order_id in (
            select order_id from order_cancellations where held_until < now()
            order by held_until limit ${limit} for update skip locked)
          returning order_id, reason, actor`,
    );
    return rows.map((row) => ({ orderId: row.order_id, reason: row.reason, actor: row.actor }));
  },

  async holds(tx: SqlExecutor, orderId: string, holder: string): Promise<boolean> {
    const { rows } = await tx.query(
      sql`select 1 from order_cancellations where order_id = ${orderId} and holder = ${holder}`,
    );
    return rows.length > 0;
  },

  /** Keeps the cancellation under way but lets a retried cancel or the worker take it over at once. */
  async giveUpLease(tx: SqlExecutor, orderId: string, holder: string): Promise<void> {
    await tx.query(
      sql`update order_cancellations set held_until = now() where order_id = ${orderId} and holder = ${holder}`,
    );
  },

  /** Ends the holder's cancellation: done, or definitely refused by the payment service. */
  async end(tx: SqlExecutor, orderId: string, holder: string): Promise<void> {
    await tx.query(sql`delete from order_cancellations where order_id = ${orderId} and holder = ${holder}`);
  },
};
