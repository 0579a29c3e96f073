// The built-in sandbox provider for the embedded mode and tests: a pretend card network whose
// outcome is chosen by documented test card numbers (the paymentToken):
//   4242424242424242  authorized
//   4000000000000002  declined: card_declined
//   4000000000009995  declined: insufficient_funds
//   4000000000000069  declined: expired_card
//   4000000000000119  charged, then the answer is lost (a network error after the charge)
// Any other token is declined as card_declined. Like Stripe, it replays the first outcome for a
// repeated idempotency key, so a retried call never charges twice.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import type { DeclineCode } from '@emporium/contracts/payment';
import { type SqlDatabase, sameTurnBatch } from '@emporium/platform';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type PaymentProvider,
  ProviderRejectedError,
  ProviderUnreachableError,
} from './provider.js';

export const SANDBOX_CARDS = {
  success: '4242424242424242',
  cardDeclined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expiredCard: '4000000000000069',
  networkErrorAfterCharge: '4000000000000119',
} as const;

const DECLINES: Record<string, { code: DeclineCode; message: string }> = {
  [SANDBOX_CARDS.cardDeclined]: { code: 'card_declined', message: 'Your card was declined.' },
  [SANDBOX_CARDS.insufficientFunds]: {
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  [SANDBOX_CARDS.expiredCard]: { code: 'expired_card', message: 'Your card has expired.' },
};

interface ChargeRow {
  id: string;
  status: string;
  decline_code: string | null;
}

interface NewCharge {
  id: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  cardLast4: string;
  status: 'authorized' | 'declined';
  declineCode: string | null;
}

// The charges asked for in one moment, inserted by one statement (the authorizations of one batch
// of calls): each is returned if it was new, or nothing when its idempotency key already had one.
const INSERT_CHARGES = `with input as (
    select * from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
      with ordinality as t(id, idempotency_key, amount, currency, card_last4, status, decline_code, n)
  ), inserted as (
    insert into sandbox_charges (id, idempotency_key, amount, currency, card_last4, status, decline_code)
    select id, idempotency_key, amount, currency, card_last4, status, decline_code
    from input order by idempotency_key
    on conflict (idempotency_key) do nothing
    returning id, status, decline_code
  )
  select s.id, s.status, s.decline_code from input i left join inserted s on s.id = i.id order by i.n`;

// Moves charges to a status from the ones allowed before it (the status itself included, so a
// repeated capture or void succeeds), one statement for the moves of one moment; the ids moved.
// Planned at every call, not prepared: a connection keeps a prepared statement's plan until the
// table's statistics change, and a plan made while the table was nearly empty (a new database)
// hash-joins a scan of every charge, which each batch then paid as the table grew. Planned with
// the batch's own ids, it looks them up by key once the table is larger than a few pages.
export const MOVE_CHARGES = `with input as (
    select * from unnest($1::text[], $2::text[], $3::text[]) as t(id, status, allowed_from)
  )
  update sandbox_charges c set status = i.status, updated_at = now()
  from input i
  where c.id = i.id and c.status = any(string_to_array(i.allowed_from, ','))
  returning c.id`;

interface ChargeMove {
  id: string;
  to: string;
  from: string[];
}

export function createSandboxProvider(db: SqlDatabase): PaymentProvider {
  const insertCharge = sameTurnBatch<NewCharge, ChargeRow | undefined>(async (charges) => {
    const { rows } = await db.query<ChargeRow | { id: null }>(
      INSERT_CHARGES,
      [
        charges.map((c) => c.id),
        charges.map((c) => c.idempotencyKey),
        charges.map((c) => c.amount),
        charges.map((c) => c.currency),
        charges.map((c) => c.cardLast4),
        charges.map((c) => c.status),
        charges.map((c) => c.declineCode),
      ],
      { prepare: true },
    );
    return rows.map((row) => (row.id === null ? undefined : (row as ChargeRow)));
  });

  async function moveCharges(moves: ChargeMove[]): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>(MOVE_CHARGES, [
      moves.map((m) => m.id),
      moves.map((m) => m.to),
      moves.map((m) => [...m.from, m.to].join(',')),
    ]);
    return new Set(rows.map((row) => row.id));
  }

  // A charge moved twice in one moment (a capture and a void racing) is moved once per statement,
  // the later moves one by one after the batch: one statement would apply only one of them.
  const moveCharge = sameTurnBatch<ChargeMove, boolean>(async (moves) => {
    const firsts = new Map<string, ChargeMove>();
    for (const move of moves) if (!firsts.has(move.id)) firsts.set(move.id, move);
    const moved = await moveCharges([...firsts.values()]);
    const results: boolean[] = [];
    for (const move of moves) {
      results.push(
        firsts.get(move.id) === move ? moved.has(move.id) : (await moveCharges([move])).has(move.id),
      );
    }
    return results;
  });

  async function transition(id: string, to: string, from: string[]): Promise<void> {
    if (!(await moveCharge({ id, to, from }))) {
      throw new ProviderRejectedError(`charge ${id} cannot become ${to}`);
    }
  }

  return {
    name: 'sandbox',

    async authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
      const card = request.paymentToken;
      const decline =
        DECLINES[card] ??
        (card === SANDBOX_CARDS.success || card === SANDBOX_CARDS.networkErrorAfterCharge
          ? undefined
          : { code: 'card_declined' as const, message: 'Your card was declined.' });
      const fresh = await insertCharge({
        id: `ch_${randomUUID().replaceAll('-', '')}`,
        idempotencyKey: request.idempotencyKey,
        amount: request.amount.amount,
        currency: request.amount.currency,
        cardLast4: card.slice(-4),
        status: decline ? 'declined' : 'authorized',
        declineCode: decline?.code ?? null,
      });
      if (fresh && card === SANDBOX_CARDS.networkErrorAfterCharge) {
        throw new ProviderUnreachableError('the card network charged the card but its answer was lost');
      }
      const charge =
        fresh ??
        (
          await db.query<ChargeRow>(
            'select id, status, decline_code from sandbox_charges where idempotency_key = $1',
            [request.idempotencyKey],
          )
        ).rows[0]!;
      if (charge.status === 'declined') {
        const known = DECLINES[card] ?? {
          code: 'card_declined' as const,
          message: 'Your card was declined.',
        };
        return { outcome: 'declined', code: known.code, message: known.message, providerRef: charge.id };
      }
      return { outcome: 'authorized', providerRef: charge.id };
    },

    async findAuthorization(request) {
      const { rows } = await db.query<{ id: string }>(
        `select id from sandbox_charges where idempotency_key = $1 and status <> 'declined'`,
        [request.idempotencyKey],
      );
      return rows[0] ? { providerRef: rows[0].id } : undefined;
    },

    capture: (providerRef) => transition(providerRef, 'captured', ['authorized']),
    void: (providerRef) => transition(providerRef, 'voided', ['authorized']),

    // Like Stripe, a repeated key answers with its first refund and refunds nothing more: a
    // refund whose answer was lost is retried with the same key.
    async refund(providerRef: string, amount: Money, idempotencyKey: string) {
      const { rows } = await db.query<{ provider_ref: string | null }>(
        `with earlier as (
           select provider_ref from sandbox_refunds where idempotency_key = $3
         ), charged as (
           update sandbox_charges
           set refunded_amount = refunded_amount + $2,
               status = case when refunded_amount + $2 = amount then 'refunded' else 'partially_refunded' end,
               updated_at = now()
           where id = $1 and status in ('captured', 'partially_refunded') and refunded_amount + $2 <= amount
             and not exists (select from earlier)
           returning id
         ), recorded as (
           insert into sandbox_refunds (idempotency_key, charge_id, amount, provider_ref)
           select $3, id, $2, $4 from charged returning provider_ref
         )
         select coalesce((select provider_ref from earlier), (select provider_ref from recorded)) as provider_ref`,
        [providerRef, amount.amount, idempotencyKey, `re_${randomUUID().replaceAll('-', '')}`],
      );
      const refunded = rows[0]?.provider_ref;
      if (!refunded) throw new ProviderRejectedError(`charge ${providerRef} cannot refund ${amount.amount}`);
      return { providerRef: refunded };
    },
  };
}
