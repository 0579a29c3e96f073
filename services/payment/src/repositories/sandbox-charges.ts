// The sandbox provider's own books: its charges and refunds, keyed like Stripe's by the caller's
// idempotency key.
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';

export interface SandboxCharge {
  id: string;
  status: string;
  declineCode: string | null;
}

export interface NewCharge {
  id: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  cardLast4: string;
  status: 'authorized' | 'declined';
  declineCode: string | null;
}

export interface ChargeMove {
  id: string;
  to: string;
  from: string[];
}

interface ChargeRow {
  id: string;
  status: string;
  decline_code: string | null;
}

const toCharge = (row: ChargeRow): SandboxCharge => ({
  id: row.id,
  status: row.status,
  declineCode: row.decline_code,
});

// Moves charges to a status from the ones allowed before it (the status itself included, so a
// repeated capture or void succeeds), one statement for the moves of one moment.
// Planned at every call, not prepared: a connection keeps a prepared statement's plan until the
// table's statistics change, and a plan made while the table was nearly empty (a new database)
// hash-joins a scan of every charge, which each batch then paid as the table grew. Planned with
// the batch's own ids, it looks them up by key once the table is larger than a few pages.
export function moveChargesStatement(moves: readonly ChargeMove[]): SqlStatement {
  return sql`with input as (
    select * from unnest(${moves.map((m) => m.id)}::text[], ${moves.map((m) => m.to)}::text[],
      ${moves.map((m) => [...m.from, m.to].join(','))}::text[]) as t(id, status, allowed_from)
  )
  update sandbox_charges c set status = i.status, updated_at = now()
  from input i
  where c.id = i.id and c.status = any(string_to_array(i.allowed_from, ','))
  returning c.id`;
}

export const sandboxCharges = {
  /**
   * Inserts the charges asked for in one moment with one statement: each is returned if it was
   * new, or undefined when its idempotency key already had one.
   */
  async insertNew(db: SqlExecutor, charges: readonly NewCharge[]): Promise<(SandboxCharge | undefined)[]> {
    const { rows } = await db.query<ChargeRow | { id: null }>(
      sql`with input as (
        select * from unnest(${charges.map((c) => c.id)}::text[], ${charges.map((c) => c.idempotencyKey)}::text[],
          ${charges.map((c) => c.amount)}::bigint[], ${charges.map((c) => c.currency)}::text[],
          ${charges.map((c) => c.cardLast4)}::text[], ${charges.map((c) => c.status)}::text[],
          ${charges.map((c) => c.declineCode)}::text[])
          with ordinality as t(id, idempotency_key, amount, currency, card_last4, status, decline_code, n)
      ), inserted as (
        insert into sandbox_charges (id, idempotency_key, amount, currency, card_last4, status, decline_code)
        select id, idempotency_key, amount, currency, card_last4, status, decline_code
        from input order by idempotency_key
        on conflict (idempotency_key) do nothing
        returning id, status, decline_code
      )
      select s.id, s.status, s.decline_code from input i left join inserted s on s.id = i.id order by i.n`,
      { prepare: true },
    );
    return rows.map((row) => (row.id === null ? undefined : toCharge(row as ChargeRow)));
  },

  async byIdempotencyKey(db: SqlExecutor, idempotencyKey: string): Promise<SandboxCharge | undefined> {
    const { rows } = await db.query<ChargeRow>(
      sql`select id, status, decline_code from sandbox_charges where idempotency_key = ${idempotencyKey}`,
    );
    return rows[0] && toCharge(rows[0]);
  },

  /** The id of the charge made under this key, unless it was declined. */
  async acceptedIdByIdempotencyKey(db: SqlExecutor, idempotencyKey: string): Promise<string | undefined> {
    const { rows } = await db.query<{ id: string }>(
      sql`select id from sandbox_charges where idempotency_key = ${idempotencyKey} and status <> 'declined'`,
    );
    return rows[0]?.id;
  },

  /** The ids of the charges moved. */
  async move(db: SqlExecutor, moves: readonly ChargeMove[]): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>(moveChargesStatement(moves));
    return new Set(rows.map((row) => row.id));
  },

  /**
   * Refunds `amount` of the charge under `idempotencyKey`, recorded as `refundRef`: the reference
   * of the refund made under that key (the first one, if the key was used before), or undefined
   * when the charge cannot refund that much.
   */
  async refund(
    db: SqlExecutor,
    r: { chargeId: string; amount: number; idempotencyKey: string; refundRef: string },
  ): Promise<string | undefined> {
    const { rows } = await db.query<{ provider_ref: string | null }>(
      sql`with earlier as (
        select provider_ref from sandbox_refunds where idempotency_key = ${r.idempotencyKey}
      ), charged as (
        update sandbox_charges
        set refunded_amount = refunded_amount + ${r.amount}::bigint,
            status = case when refunded_amount + ${r.amount}::bigint = amount
              then 'refunded' else 'partially_refunded' end,
            updated_at = now()
        where id = ${r.chargeId} and status in ('captured', 'partially_refunded')
          and refunded_amount + ${r.amount}::bigint <= amount
          and not exists (select from earlier)
        returning id
      ), recorded as (
        insert into sandbox_refunds (idempotency_key, charge_id, amount, provider_ref)
        select ${r.idempotencyKey}::text, id, ${r.amount}::bigint, ${r.refundRef}::text from charged
        returning provider_ref
      )
      select coalesce((select provider_ref from earlier), (select provider_ref from recorded)) as provider_ref`,
    );
    return rows[0]?.provider_ref ?? undefined;
  },
};
