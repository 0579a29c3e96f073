// The statements that record a payment's effect in one round trip: the payment row change, its
// ledger entries, the events describing it and the stored idempotent answer, as writable CTEs of
// a single statement, which is atomic on its own (no BEGIN/COMMIT round trips). The caller stages
// the events (outbox.stage) and kicks the relay once the statement has returned. Every statement
// first checks that its idempotency claim still holds the key (`held`): if a retry took the key
// over, nothing is written and ClaimLostError says so.
import { outboxInsertSql, type SqlExecutor } from '@emporium/platform';
import { type AnswerParams, ClaimLostError, heldClaimSql, storeAnswerSql } from './idempotency-keys.js';
import type { Attempt, PaymentRow } from './payments.js';

export type LedgerEntry = Omit<Attempt, 'paymentId'>;
export type NewPayment = Omit<PaymentRow, 'created_at' | 'refunded_amount' | 'refunding_amount'>;

/** Inserts the ledger entries of `$entries` (a JSON array, kept in order) for payment `$paymentId`. */
function ledgerInsertSql(paymentId: number, entries: number, onlyIfRowIn?: string): string {
  return `insert into payment_attempts (payment_id, kind, outcome, amount, provider_ref, code, message)
       select $${paymentId}::uuid, a->>'kind', a->>'outcome', (a->>'amount')::bigint, a->>'providerRef',
              a->>'code', a->>'message'
       from jsonb_array_elements($${entries}::jsonb) with ordinality as t(a, n)
       ${onlyIfRowIn ? `where exists (select from ${onlyIfRowIn})` : ''}
       order by n`;
}

const ledgerJson = (entries: LedgerEntry[]) => JSON.stringify(entries);

const RECORD_AUTHORIZATION = `with held as (${heldClaimSql(13)}
  ), payment as (
    insert into payments (id, order_id, customer_id, amount, currency, status, provider, provider_ref,
      decline_code, decline_message)
    select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 from held
  ), ledger as (${ledgerInsertSql(1, 11, 'held')}
  ), events as (${outboxInsertSql(12, { onlyIfRowIn: 'held' })}
  ), answer as (${storeAnswerSql(13)})
  select count(*)::int as held from held`;

// The ledger entry and the answer are kept even when someone else moved the payment first (the
// provider did act on our call); only the event belongs to whoever moved it.
const RECORD_TRANSITION = `with held as (${heldClaimSql(6)}
  ), moved as (
    update payments set status = $3, updated_at = now()
    where id = $1 and status = any($2::text[]) and exists (select from held) returning id
  ), ledger as (${ledgerInsertSql(1, 4, 'held')}
  ), events as (${outboxInsertSql(5, { onlyIfRowIn: 'moved' })}
  ), answer as (${storeAnswerSql(6)})
  select (select count(*)::int from moved) as moved, (select count(*)::int from held) as held`;

// Settles a reserved refund (refund-reservations.ts): the reservation moves into the refunded
// total once, however often this runs, and nothing at all is written unless the refund was still
// pending. The status and the stored answer's total come from the row as updated: a total read
// before the provider call could be stale.
const RECORD_REFUND = `with held as (${heldClaimSql(6)}
  ), settled as (
    update refunds set status = 'succeeded', provider_ref = $3
    where id = $2 and payment_id = $1 and status = 'pending' and exists (select from held) returning amount
  ), updated as (
    update payments set refunding_amount = payments.refunding_amount - settled.amount,
      refunded_amount = payments.refunded_amount + settled.amount,
      status = case when payments.refunded_amount + settled.amount = payments.amount
        then 'refunded' else 'partially_refunded' end,
      updated_at = now()
    from settled where payments.id = $1 returning payments.refunded_amount, payments.status
  ), ledger as (${ledgerInsertSql(1, 4, 'updated')}
  ), events as (${outboxInsertSql(5, { onlyIfRowIn: 'updated' })}
  ), answer as (${storeAnswerSql(6, {
    cte: 'updated',
    response: `jsonb_set(jsonb_set($8::jsonb, '{refunded,amount}', to_jsonb(updated.refunded_amount)),
      '{status}', to_jsonb(updated.status))`,
  })})
  select (select refunded_amount from updated) as refunded_amount, (select status from updated) as status,
    (select count(*)::int from held) as held`;

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
      RECORD_AUTHORIZATION,
      [
        p.id,
        p.order_id,
        p.customer_id,
        p.amount,
        p.currency,
        p.status,
        p.provider,
        p.provider_ref,
        p.decline_code,
        p.decline_message,
        ledgerJson(ledger),
        eventsJson,
        ...answer,
      ],
      { prepare: true },
    );
    assertHeld(rows[0]?.held, answer);
  },

  /** Moves a payment from one of `from` to `to`; false when someone else had moved it already. */
  async recordTransition(
    db: SqlExecutor,
    t: { paymentId: string; from: PaymentRow['status'][]; to: PaymentRow['status'] },
    entry: LedgerEntry,
    eventsJson: string,
    answer: AnswerParams,
  ): Promise<boolean> {
    const { rows } = await db.query<{ moved: number; held: number }>(
      RECORD_TRANSITION,
      [t.paymentId, t.from, t.to, ledgerJson([entry]), eventsJson, ...answer],
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
    }>(RECORD_REFUND, [r.paymentId, r.refundId, r.providerRef, ledgerJson([entry]), eventsJson, ...answer], {
      prepare: true,
    });
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
