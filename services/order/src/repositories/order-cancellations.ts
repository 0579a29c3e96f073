// SQL for cancellations under way (migrations 0004, 0005): at most one per order, held by one
// cancel request or the reconciliation worker at a time through a lease, with the admin's reason
// and actor recorded when it is first taken.
import type { SqlExecutor } from '@emporium/platform';

/** What a cancellation was asked for with; kept by whoever takes it over. */
export interface CancellationRequest {
  reason: string;
  actor: string;
}

export interface AbandonedCancellation extends CancellationRequest {
  order_id: string;
}

const LEASE = `now() + make_interval(secs => $3::double precision / 1000)`;

export const orderCancellationsRepository = {
  /** True when a cancellation of the order is under way (whoever holds it, lease or not). */
  async underWay(tx: SqlExecutor, orderId: string): Promise<boolean> {
    const { rows } = await tx.query('select 1 from order_cancellations where order_id = $1', [orderId]);
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
      `insert into order_cancellations (order_id, holder, held_until, reason, actor)
       values ($1, $2, ${LEASE}, $4, $5)
       on conflict (order_id) do update set holder = excluded.holder, held_until = excluded.held_until
         where order_cancellations.held_until < now()
       returning reason, actor`,
      [orderId, holder, leaseMs, request.reason, request.actor],
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
    const { rows } = await tx.query<AbandonedCancellation>(
      `update order_cancellations set holder = $1, held_until = ${LEASE}
       where order_id in (
         select order_id from order_cancellations where held_until < now()
         order by held_until limit $2 for update skip locked)
       returning order_id, reason, actor`,
      [holder, limit, leaseMs],
    );
    return rows;
  },

  async holds(tx: SqlExecutor, orderId: string, holder: string): Promise<boolean> {
    const { rows } = await tx.query('select 1 from order_cancellations where order_id = $1 and holder = $2', [
      orderId,
      holder,
    ]);
    return rows.length > 0;
  },

  /** Keeps the cancellation under way but lets a retried cancel or the worker take it over at once. */
  async giveUpLease(tx: SqlExecutor, orderId: string, holder: string): Promise<void> {
    await tx.query('update order_cancellations set held_until = now() where order_id = $1 and holder = $2', [
      orderId,
      holder,
    ]);
  },

  /** Ends the holder's cancellation: done, or definitely refused by the payment service. */
  async end(tx: SqlExecutor, orderId: string, holder: string): Promise<void> {
    await tx.query('delete from order_cancellations where order_id = $1 and holder = $2', [orderId, holder]);
  },
};
