// Refunds reserved on their payment before the provider is asked (migration 0003). Reserving is a
// conditional update of the payment's refunding_amount, so concurrent refunds of one payment are
// decided one after the other by PostgreSQL's row lock: together they never reserve more than
// was captured and not yet refunded. Settling a reservation is payment-effects' recordRefund.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface RefundReservation {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
}

export const refundReservations = {
  /** The refund an earlier call with this Idempotency-Key reserved, if any. */
  async byKey(db: SqlExecutor, idempotencyKey: string): Promise<RefundReservation | undefined> {
    const { rows } = await db.query<RefundReservation>(
      sql`select id, amount, status from refunds where idempotency_key = ${idempotencyKey}`,
      { prepare: true },
    );
    return rows[0];
  },

  /**
   * Reserves `amount` of the payment for refund `refundId`; false when the payment is not
   * refundable or too little of it is left (nothing written). `held` is false when the claim was
   * taken over by a retry.
   */
  async reserve(
    db: SqlExecutor,
    r: { paymentId: string; refundId: string; amount: number; reason?: string; idempotencyKey: string },
    claim: { key: string; claimId: string },
  ): Promise<{ held: boolean; reserved: boolean }> {
    // Only while the call's claim still holds its key: a holder that lost it to a retry reserves nothing.
    const { rows } = await db.query<{ held: number; reserved: number }>(
      sql`with held as (
        select key from idempotency_keys
        where key = ${claim.key} and claim_id = ${claim.claimId}::uuid and state = 'in_progress' for update
      ), reserved as (
        update payments set refunding_amount = refunding_amount + ${r.amount}::bigint, updated_at = now()
        where id = ${r.paymentId}::uuid and status in ('captured', 'partially_refunded')
          and refunded_amount + refunding_amount + ${r.amount}::bigint <= amount and exists (select from held)
        returning id
      ), refund as (
        insert into refunds (id, payment_id, amount, reason, status, idempotency_key)
        select ${r.refundId}::uuid, id, ${r.amount}::bigint, ${r.reason ?? null}::text, 'pending',
          ${r.idempotencyKey}::text
        from reserved
      )
      select (select count(*)::int from held) as held, (select count(*)::int from reserved) as reserved`,
      { prepare: true },
    );
    return { held: rows[0]!.held > 0, reserved: rows[0]!.reserved > 0 };
  },

  /** Gives a reservation back after the provider refused the refund. */
  async release(db: SqlExecutor, paymentId: string, refundId: string): Promise<void> {
    // The refund row and the payment's reservation are given back together, once.
    await db.query(
      sql`with released as (
        update refunds set status = 'failed' where id = ${refundId} and status = 'pending' returning amount
      )
      update payments set refunding_amount = refunding_amount - released.amount, updated_at = now()
      from released where payments.id = ${paymentId}`,
      { prepare: true },
    );
  },
};
