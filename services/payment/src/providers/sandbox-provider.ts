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
import type { SqlDatabase } from '@emporium/platform';
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

export function createSandboxProvider(db: SqlDatabase): PaymentProvider {
  async function transition(id: string, to: string, from: string[]): Promise<void> {
    const { rowCount } = await db.query(
      `update sandbox_charges set status = $2, updated_at = now() where id = $1 and status = any($3::text[])`,
      [id, to, [...from, to]],
      { prepare: true },
    );
    if (rowCount === 0) throw new ProviderRejectedError(`charge ${id} cannot become ${to}`);
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
      const inserted = await db.query<ChargeRow>(
        `insert into sandbox_charges (id, idempotency_key, amount, currency, card_last4, status, decline_code)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (idempotency_key) do nothing
         returning id, status, decline_code`,
        [
          `ch_${randomUUID().replaceAll('-', '')}`,
          request.idempotencyKey,
          request.amount.amount,
          request.amount.currency,
          card.slice(-4),
          decline ? 'declined' : 'authorized',
          decline?.code ?? null,
        ],
        { prepare: true },
      );
      const fresh = inserted.rows[0];
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

    async refund(providerRef: string, amount: Money) {
      const { rowCount } = await db.query(
        `update sandbox_charges
         set refunded_amount = refunded_amount + $2,
             status = case when refunded_amount + $2 = amount then 'refunded' else 'partially_refunded' end,
             updated_at = now()
         where id = $1 and status in ('captured', 'partially_refunded') and refunded_amount + $2 <= amount`,
        [providerRef, amount.amount],
      );
      if (rowCount === 0)
        throw new ProviderRejectedError(`charge ${providerRef} cannot refund ${amount.amount}`);
      return { providerRef: `re_${randomUUID().replaceAll('-', '')}` };
    },
  };
}
