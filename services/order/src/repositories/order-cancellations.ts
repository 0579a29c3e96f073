// SQL for cancellations under way (migration 0003): at most one per order, held by one cancel
// request at a time through a lease.
import type { SqlExecutor } from '@emporium/platform';

export const orderCancellationsRepository = {
  /** True when a cancellation of the order is under way (whoever holds it, lease or not). */
  async underWay(tx: SqlExecutor, orderId: string): Promise<boolean> {
    const { rows } = await tx.query('select 1 from order_cancellations where order_id = $1', [orderId]);
    return rows.length > 0;
  },

  /** Takes the order's cancellation for `holder`: new, or one whose lease ran out; false when held. */
  async claim(tx: SqlExecutor, orderId: string, holder: string, leaseMs: number): Promise<boolean> {
    const { rows } = await tx.query(
      `insert into order_cancellations (order_id, holder, held_until)
       values ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
       on conflict (order_id) do update set holder = excluded.holder, held_until = excluded.held_until
         where order_cancellations.held_until < now()
       returning order_id`,
      [orderId, holder, leaseMs],
    );
    return rows.length > 0;
  },

  async holds(tx: SqlExecutor, orderId: string, holder: string): Promise<boolean> {
    const { rows } = await tx.query('select 1 from order_cancellations where order_id = $1 and holder = $2', [
      orderId,
      holder,
    ]);
    return rows.length > 0;
  },

  /** Keeps the cancellation under way but lets a retried cancel take it over at once. */
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
