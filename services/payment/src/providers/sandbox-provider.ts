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
  type ChargeMove,
  type NewCharge,
  type SandboxCharge,
  sandboxCharges,
} from '../repositories/sandbox-charges.js';
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

export function createSandboxProvider(db: SqlDatabase): PaymentProvider {
  // The charges asked for in one moment (the authorizations of one batch of calls) are inserted
  // by one statement.
  const insertCharge = sameTurnBatch<NewCharge, SandboxCharge | undefined>((charges) =>
    sandboxCharges.insertNew(db, charges),
  );

  const moveCharges = (moves: ChargeMove[]) => sandboxCharges.move(db, moves);

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
      const charge = fresh ?? (await sandboxCharges.byIdempotencyKey(db, request.idempotencyKey))!;
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
      const chargeId = await sandboxCharges.acceptedIdByIdempotencyKey(db, request.idempotencyKey);
      return chargeId ? { providerRef: chargeId } : undefined;
    },

    capture: (providerRef) => transition(providerRef, 'captured', ['authorized']),
    void: (providerRef) => transition(providerRef, 'voided', ['authorized']),

    // Like Stripe, a repeated key answers with its first refund and refunds nothing more: a
    // refund whose answer was lost is retried with the same key.
    async refund(providerRef: string, amount: Money, idempotencyKey: string) {
      const refunded = await sandboxCharges.refund(db, {
        chargeId: providerRef,
        amount: amount.amount,
        idempotencyKey,
        refundRef: `re_${randomUUID().replaceAll('-', '')}`,
      });
      if (!refunded) throw new ProviderRejectedError(`charge ${providerRef} cannot refund ${amount.amount}`);
      return { providerRef: refunded };
    },
  };
}
