// Refunding a captured payment, fully or in part. The refund is reserved on the payment before
// the provider is asked (refund-reservations.ts), so concurrent refunds can never together ask
// for more than was captured; the provider's answer then settles the reservation (payment-effects'
// recordRefund, with the ledger entry, the event and the idempotent answer) or, if the provider
// refused, gives it back. When the provider's answer is lost the reservation stays pending: the
// call answers 503, and its retry with the same Idempotency-Key resumes that very refund (the
// provider dedups on the key) instead of reserving a second one.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import type { RefundBody } from '@emporium/contracts/payment';
import { HttpProblem, problems } from '@emporium/platform';
import { ProviderRejectedError, ProviderUnreachableError } from '../providers/provider.js';
import { ClaimLostError } from '../repositories/idempotency-keys.js';
import { paymentEffects } from '../repositories/payment-effects.js';
import { type PaymentRecord, paymentsRepository as payments } from '../repositories/payments.js';
import { type RefundReservation, refundReservations } from '../repositories/refund-reservations.js';
import type { AnswerRecorder } from './idempotency.js';
import { facts, unreachable } from './payment-facts.js';
import type { PaymentDeps } from './payment-operations.js';

export interface RefundAnswer {
  refundId: string;
  paymentId: string;
  status: 'refunded' | 'partially_refunded';
  refunded: Money;
}

const REFUNDABLE: readonly PaymentRecord['status'][] = ['captured', 'partially_refunded'];

/** Why `amount` could not be reserved on the payment as it is now. */
function refusal(row: PaymentRecord, amount: number): HttpProblem {
  // A refunded payment has nothing left: that is said as the amount exceeding what remains.
  if (!REFUNDABLE.includes(row.status) && row.status !== 'refunded') {
    return problems.conflict(
      `A ${row.status} payment cannot be refunded${row.status === 'authorized' ? '; void it instead' : ''}.`,
      'payment-not-refundable',
    );
  }
  const money = (minor: number) => ({ amount: minor, currency: row.currency });
  const left = row.amount - row.refundedAmount;
  const free = left - row.refundingAmount;
  if (amount <= left && row.refundingAmount > 0) {
    return new HttpProblem(
      409,
      'refund-in-progress',
      'Refund in progress',
      `${row.refundingAmount} ${row.currency} minor units are being refunded right now; at most ${free} more can be refunded until that refund is settled.`,
      { remaining: money(free), refunding: money(row.refundingAmount) },
    );
  }
  return new HttpProblem(
    409,
    'refund-exceeds-payment',
    'Refund exceeds payment',
    `At most ${free} ${row.currency} minor units remain refundable.`,
    { remaining: money(free) },
  );
}

export function refundPayment({ db, outbox, provider }: PaymentDeps) {
  /** Reserves the refund this call asks for, or throws why it cannot be. */
  async function reserve(
    row: PaymentRecord,
    body: RefundBody,
    idempotencyKey: string,
    claim: { key: string; claimId: string },
  ): Promise<RefundReservation> {
    if (body.amount && body.amount.currency !== row.currency) {
      throw problems.badRequest(
        `The refund must be in ${row.currency}, the payment's currency.`,
        'currency-mismatch',
      );
    }
    if (body.amount?.amount === 0) {
      throw problems.validation([{ field: 'body.amount.amount', message: 'must be at least 1' }]);
    }
    // Without an amount, all that is neither refunded nor being refunded, as read at the claim: if
    // another refund gets in first, the conditional reservation refuses rather than over-refunds.
    const amount = body.amount?.amount ?? row.amount - row.refundedAmount - row.refundingAmount;
    const refundId = randomUUID();
    const { held, reserved } =
      amount > 0
        ? await refundReservations.reserve(
            db,
            { paymentId: row.id, refundId, amount, reason: body.reason, idempotencyKey },
            claim,
          )
        : { held: true, reserved: false };
    if (!held) throw new ClaimLostError(idempotencyKey);
    if (!reserved) throw refusal((await payments.find(db, row.id)) ?? row, amount);
    return { id: refundId, amount, status: 'pending' };
  }

  /** The provider's refund; a refusal gives the reservation back, a lost answer keeps it pending. */
  async function askProvider(row: PaymentRecord, refund: RefundReservation, idempotencyKey: string) {
    try {
      return await provider.refund(
        row.providerRef!,
        { amount: refund.amount, currency: row.currency },
        idempotencyKey,
      );
    } catch (error) {
      const lost = error instanceof ProviderUnreachableError;
      if (!lost && !(error instanceof ProviderRejectedError)) throw error;
      await payments.recordAttempt(db, {
        paymentId: row.id,
        kind: 'refund',
        outcome: 'error',
        amount: refund.amount,
        code: lost ? 'network_error' : 'rejected',
        message: error.message,
      });
      if (lost) throw unreachable(error);
      await refundReservations.release(db, row.id, refund.id);
      throw providerRefused(error.message);
    }
  }

  return async function refund(
    row: PaymentRecord,
    body: RefundBody,
    idempotencyKey: string,
    answer: AnswerRecorder<RefundAnswer>,
  ): Promise<RefundAnswer> {
    const earlier = await refundReservations.byKey(db, idempotencyKey);
    // A refused refund's answer is stored after its release; a crash in between leaves this.
    if (earlier?.status === 'failed') throw providerRefused('an earlier call with this key was refused');
    const reservation = earlier ?? (await reserve(row, body, idempotencyKey, answer.claim));
    const outcome = await askProvider(row, reservation, idempotencyKey);
    const refunded: Money = { amount: reservation.amount, currency: row.currency };
    // The stored answer's status and total are filled in by the statement, from the row it updates.
    const draft: RefundAnswer = {
      refundId: reservation.id,
      paymentId: row.id,
      status: 'partially_refunded',
      refunded,
    };
    const settled = await paymentEffects.recordRefund(
      db,
      { paymentId: row.id, refundId: reservation.id, providerRef: outcome.providerRef },
      { kind: 'refund', outcome: 'succeeded', amount: reservation.amount, providerRef: outcome.providerRef },
      outbox.stage([
        {
          type: 'payment.refunded',
          subject: row.id,
          data: { ...facts(row), refunded, ...(body.reason ? { reason: body.reason } : {}) },
        },
      ]).json,
      answer.result(draft),
    );
    if (!settled) {
      throw problems.conflict(
        'This refund was settled by another call meanwhile; retry.',
        'refund-in-progress',
      );
    }
    outbox.kick();
    return {
      ...draft,
      status: settled.status,
      refunded: { amount: settled.refunded, currency: row.currency },
    };
  };
}

const providerRefused = (message: string) =>
  problems.conflict(`The payment provider refused to refund: ${message}`, 'payment-provider-refused');
