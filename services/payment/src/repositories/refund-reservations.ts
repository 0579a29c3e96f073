// Refunds reserved on their payment before the provider is asked (migration 0003). Reserving is a
// conditional update of the payment's refunding_amount, so concurrent refunds of one payment are
// decided one after the other by PostgreSQL's row lock: together they never reserve more than
// was captured and not yet refunded. Settling a reservation is payment-effects' recordRefund.
import type { SqlExecutor } from '@emporium/platform';

export interface RefundReservation {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
}

// Only while the call's claim still holds its key: a holder that lost it to a retry reserves nothing.
const RESERVE = `with held as (
    select key from idempotency_keys
    where key = $6 and claim_id = $7::uuid and state = 'in_progress' for update
  ), reserved as (
    update payments set refunding_amount = refunding_amount + $3, updated_at = now()
    where id = $1 and status in ('captured', 'partially_refunded')
      and refunded_amount + refunding_amount + $3 <= amount and exists (select from held)
    returning id
  ), refund as (
    insert into refunds (id, payment_id, amount, reason, status, idempotency_key)
    select $2, $1, $3, $4, 'pending', $5 from reserved
  )
  select (select count(*)::int from held) as held, (select count(*)::int from reserved) as reserved`;

// The refund row and the payment's reservation are given back together, once.
const RELEASE = `with released as (
    update refunds set status = 'failed' where id = $2 and status = 'pending' returning amount
  )
  update payments set refunding_amount = refunding_amount - released.amount, updated_at = now()
  from released where payments.id = $1`;

export const refundReservations = {
  /** The refund an earlier call with this Idempotency-Key reserved, if any. */
  async byKey(db: SqlExecutor, idempotencyKey: string): Promise<RefundReservation | undefined> {
    const { rows } = await db.query<RefundReservation>(
      'select id, amount, status from refunds where idempotency_key = $1',
      [idempotencyKey],
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
    const { rows } = await db.query<{ held: number; reserved: number }>(
      RESERVE,
      [r.paymentId, r.refundId, r.amount, r.reason ?? null, r.idempotencyKey, claim.key, claim.claimId],
      { prepare: true },
    );
    return { held: rows[0]!.held > 0, reserved: rows[0]!.reserved > 0 };
  },

  /** Gives a reservation back after the provider refused the refund. */
  async release(db: SqlExecutor, paymentId: string, refundId: string): Promise<void> {
    await db.query(RELEASE, [paymentId, refundId], { prepare: true });
  },
};
