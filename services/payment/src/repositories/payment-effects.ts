// The statements that record a payment's effect in one round trip: the payment row change, its
// ledger entries, the events describing it and the stored idempotent answer, as writable CTEs of
// a single statement, which is atomic on its own (no BEGIN/COMMIT round trips). The caller stages
// the events (outbox.stage) and kicks the relay once the statement has returned. Every statement
// first checks that its idempotency claim still holds the key (`held`): if a retry took the key
// over, nothing is written and ClaimLostError says so.
import { outboxInsert, type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import { type AnswerParams, ClaimLostError, heldClaim, storeAnswer } from './idempotency-keys.js';
import type { Attempt, PaymentRecord } from './payments.js';

export type LedgerEntry = Omit<Attempt, 'paymentId'>;
export type NewPayment = Omit<PaymentRecord, 'createdAt' | 'refundedAmount' | 'refundingAmount'>;

/** Inserts the ledger entries (kept in order) for the payment, only if `onlyIfRowIn` has a row. */
function ledgerInsert(paymentId: string, entries: LedgerEntry[], onlyIfRowIn: string): SqlStatement {
  return sql`insert into payment_attempts (payment_id, kind, outcome, amount, provider_ref, code, message)
       select ${paymentId}::uuid, a->>'kind', a->>'outcome', (a->>'amount')::bigint, a->>'providerRef',
              a->>'code', a->>'message'
       from jsonb_array_elements(${JSON.stringify(entries)}::jsonb) with ordinality as t(a, n)
       where exists (select from ${sql.raw(onlyIfRowIn)})
       order by n`;
}

export const paymentEffects = {
  /** A new payment (authorized or failed) with its ledger, events and answer. */
  async recordAuthorization(
    db: SqlExecutor,
    p: NewPayment,
    ledger: LedgerEntry[],
    eventsJson: string,
    answer: AnswerParams,
  ): Promise<void> {
    const { rows } = await db.query<{ held: number }>(
      sql`with held as (${heldClaim(answer)}
      ), payment as (
        insert into payments (id, order_id, customer_id, amount, currency, status, provider, provider_ref,
          decline_code, decline_message)
        select ${p.id}::uuid, ${p.orderId}::uuid, ${p.customerId}::text, ${p.amount}::bigint, ${p.currency},
          ${p.status}, ${p.provider}, ${p.providerRef}, ${p.declineCode}, ${p.declineMessage}
        from held
      ), ledger as (${ledgerInsert(p.id, ledger, 'held')}
      ), events as (${outboxInsert(eventsJson, { onlyIfRowIn: 'held' })}
      ), answer as (${storeAnswer(answer)})
      select count(*)::int as held from held`,
      { prepare: true },
    );
    assertHeld(rows[0]?.held, answer);
  },

  /** Moves a payment from one of `from` to `to`; false when someone else had moved it already. */
  async recordTransition(
    db: SqlExecutor,
    t: { paymentId: string; from: PaymentRecord['status'][]; to: PaymentRecord['status'] },
    entry: LedgerEntry,
    eventsJson: string,
    answer: AnswerParams,
  ): Promise<boolean> {
    // The ledger entry and the answer are kept even when someone else moved the payment first
    // (the provider did act on our call); only the event belongs to whoever moved it.
    const { rows } = await db.query<{ moved: number; held: number }>(
      sql`with held as (${heldClaim(answer)}
      ), moved as (
        update payments set status = ${t.to}, updated_at = now()
        where id = ${t.paymentId} and status = any(${t.from}::text[]) and exists (select from held) returning id
      ), ledger as (${ledgerInsert(t.paymentId, [entry], 'held')}
      ), events as (${outboxInsert(eventsJson, { onlyIfRowIn: 'moved' })}
      ), answer as (${storeAnswer(answer)})
      select (select count(*)::int from moved) as moved, (select count(*)::int from held) as held`,
      { prepare: true },
    );
    assertHeld(rows[0]?.held, answer);
    return rows[0]!.moved > 0;
  },

  /**
   * Settles reserved refund `refundId` of a payment the provider has refunded: the payment's
   * refunded total and status afterwards, or undefined (nothing written) when the refund was no
   * longer pending.
   */
  async recordRefund(
    db: SqlExecutor,
    r: { paymentId: string; refundId: string; providerRef: string },
    entry: LedgerEntry,
    eventsJson: string,
    answer: AnswerParams,
  ): Promise<{ refunded: number; status: 'refunded' | 'partially_refunded' } | undefined> {
    const { rows } = await db.query<{
      refunded_amount: number | null;
      status: 'refunded' | 'partially_refunded' | null;
      held: number;
    }>(
      // The reservation moves into the refunded total once, however often this runs, and nothing
      // at all is written unless the refund was still pending. The status and the stored answer's
      // total come from the row as updated: a total read before the provider call could be stale.
      sql`with held as (${heldClaim(answer)}
      ), settled as (
        update refunds set status = 'succeeded', provider_ref = ${r.providerRef}
        where id = ${r.refundId} and payment_id = ${r.paymentId} and status = 'pending'
          and exists (select from held)
        returning amount
      ), updated as (
        update payments set refunding_amount = payments.refunding_amount - settled.amount,
          refunded_amount = payments.refunded_amount + settled.amount,
          status = case when payments.refunded_amount + settled.amount = payments.amount
            then 'refunded' else 'partially_refunded' end,
          updated_at = now()
        from settled where payments.id = ${r.paymentId} returning payments.refunded_amount, payments.status
      ), ledger as (${ledgerInsert(r.paymentId, [entry], 'updated')}
      ), events as (${outboxInsert(eventsJson, { onlyIfRowIn: 'updated' })}
      ), answer as (${storeAnswer(answer, {
        cte: 'updated',
        response: (body) => sql`jsonb_set(jsonb_set(${body}::jsonb, '{refunded,amount}',
          to_jsonb(updated.refunded_amount)), '{status}', to_jsonb(updated.status))`,
      })})
      select (select refunded_amount from updated) as refunded_amount, (select status from updated) as status,
        (select count(*)::int from held) as held`,
      { prepare: true },
    );
    assertHeld(rows[0]?.held, answer);
    const row = rows[0]!;
    return row.refunded_amount === null || row.status === null
      ? undefined
      : { refunded: row.refunded_amount, status: row.status };
  },
};

function assertHeld(held: number | undefined, [key]: AnswerParams): void {
  if (!held) throw new ClaimLostError(key);
}
