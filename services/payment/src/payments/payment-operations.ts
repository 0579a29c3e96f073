// The payment use cases: authorize (authorize-payment.ts), capture, void and refund a payment
// intent of an order. Each asks the provider first, then records the outcome, its ledger entries,
// its events (the outbox) and its idempotent answer in one statement, so the books, the published
// facts and the answer never disagree.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import type { Payment, RefundBody } from '@emporium/contracts/payment';
import { type Outbox, problems, type SqlDatabase } from '@emporium/platform';
import {
  type PaymentProvider,
  ProviderRejectedError,
  ProviderUnreachableError,
} from '../providers/provider.js';
import { paymentEffects } from '../repositories/payment-effects.js';
import {
  type Attempt,
  type PaymentRow,
  paymentsRepository as payments,
  toPayment,
} from '../repositories/payments.js';
import { authorizePayment } from './authorize-payment.js';
import type { AnswerRecorder } from './idempotency.js';
import { facts, unreachable } from './payment-facts.js';

export interface PaymentDeps {
  db: SqlDatabase;
  outbox: Outbox;
  provider: PaymentProvider;
}

interface StatusChange<S extends string> {
  paymentId: string;
  status: S;
}

interface RefundAnswer {
  refundId: string;
  paymentId: string;
  status: 'refunded' | 'partially_refunded';
  refunded: Money;
}

export function paymentOperations({ db, outbox, provider }: PaymentDeps) {
  /** The payment, as the caller read it already (`known`, null: none) or from the database. */
  async function load(paymentId: string, known?: PaymentRow | null): Promise<PaymentRow> {
    const row = known === undefined ? await payments.find(db, paymentId) : known;
    if (!row) throw problems.notFound(`Payment ${paymentId}`);
    return row;
  }

  return {
    authorize: authorizePayment({ db, outbox, provider }),

    async capture(
      paymentId: string,
      idempotencyKey: string,
      answer: AnswerRecorder<StatusChange<'captured'>>,
      known?: PaymentRow | null,
    ) {
      const row = await load(paymentId, known);
      if (row.status === 'captured' || row.status === 'partially_refunded' || row.status === 'refunded') {
        return { paymentId, status: 'captured' as const };
      }
      if (row.status !== 'authorized') {
        throw problems.conflict(`A ${row.status} payment cannot be captured.`, 'payment-not-capturable');
      }
      await callProvider(row, 'capture', () => provider.capture(row.provider_ref!, idempotencyKey));
      const result = { paymentId, status: 'captured' as const };
      await paymentEffects.recordTransition(
        db,
        { paymentId, from: ['authorized'], to: 'captured' },
        { kind: 'capture', outcome: 'succeeded', amount: row.amount },
        outbox.stage([{ type: 'payment.captured', subject: paymentId, data: facts(row) }]).json,
        answer.result(result),
      );
      outbox.kick();
      return result;
    },

    async void(
      paymentId: string,
      idempotencyKey: string,
      answer: AnswerRecorder<StatusChange<'voided'>>,
      known?: PaymentRow | null,
    ) {
      const row = await load(paymentId, known);
      if (row.status === 'voided') return { paymentId, status: 'voided' as const };
      if (row.status !== 'authorized') {
        throw problems.conflict(
          `A ${row.status} payment cannot be voided${row.status === 'captured' ? '; refund it instead' : ''}.`,
          'payment-not-voidable',
        );
      }
      await callProvider(row, 'void', () => provider.void(row.provider_ref!, idempotencyKey));
      const result = { paymentId, status: 'voided' as const };
      await paymentEffects.recordTransition(
        db,
        { paymentId, from: ['authorized'], to: 'voided' },
        { kind: 'void', outcome: 'succeeded' },
        outbox.stage([{ type: 'payment.voided', subject: paymentId, data: facts(row) }]).json,
        answer.result(result),
      );
      outbox.kick();
      return result;
    },

    async refund(
      paymentId: string,
      body: RefundBody,
      idempotencyKey: string,
      answer: AnswerRecorder<RefundAnswer>,
      known?: PaymentRow | null,
    ) {
      const row = await load(paymentId, known);
      if (row.status !== 'captured' && row.status !== 'partially_refunded') {
        throw problems.conflict(
          `A ${row.status} payment cannot be refunded${row.status === 'authorized' ? '; void it instead' : ''}.`,
          'payment-not-refundable',
        );
      }
      const remaining = row.amount - row.refunded_amount;
      const amount: Money = body.amount ?? { amount: remaining, currency: row.currency };
      if (amount.currency !== row.currency) {
        throw problems.badRequest(
          `The refund must be in ${row.currency}, the payment's currency.`,
          'currency-mismatch',
        );
      }
      if (amount.amount <= 0 || amount.amount > remaining) {
        throw problems.unprocessable(
          `At most ${remaining} ${row.currency} minor units remain refundable.`,
          'refund-exceeds-payment',
        );
      }
      const refund = await callProvider(row, 'refund', () =>
        provider.refund(row.provider_ref!, amount, idempotencyKey),
      );
      const refundId = randomUUID();
      const status = amount.amount === remaining ? 'refunded' : 'partially_refunded';
      // The refunded total as read; the statement stores the total as updated.
      const expected: RefundAnswer = {
        refundId,
        paymentId,
        status,
        refunded: { amount: row.refunded_amount + amount.amount, currency: row.currency },
      };
      const refundedTotal = await paymentEffects.recordRefund(
        db,
        {
          paymentId,
          from: ['captured', 'partially_refunded'],
          to: status,
          refundId,
          amount: amount.amount,
          reason: body.reason,
          providerRef: refund.providerRef,
        },
        { kind: 'refund', outcome: 'succeeded', amount: amount.amount, providerRef: refund.providerRef },
        outbox.stage([
          {
            type: 'payment.refunded',
            subject: paymentId,
            data: { ...facts(row), refunded: amount, ...(body.reason ? { reason: body.reason } : {}) },
          },
        ]).json,
        answer.result(expected),
      );
      if (refundedTotal === undefined) {
        throw problems.conflict('The payment changed while refunding; retry.', 'payment-changed');
      }
      outbox.kick();
      return { ...expected, refunded: { amount: refundedTotal, currency: row.currency } };
    },

    async list(filter: { orderId?: string; status?: string; limit?: number }): Promise<Payment[]> {
      const rows = await payments.list(db, { ...filter, limit: filter.limit ?? 50 });
      return rows.map(toPayment);
    },

    async get(paymentId: string): Promise<Payment> {
      return toPayment(await load(paymentId));
    },

    async ledger(paymentId: string) {
      return payments.attempts(db, paymentId);
    },
  };

  /** Calls the provider for an existing payment; a failure lands in the ledger and as a problem. */
  async function callProvider<T>(row: PaymentRow, kind: Attempt['kind'], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const unreachableError = error instanceof ProviderUnreachableError;
      if (!unreachableError && !(error instanceof ProviderRejectedError)) throw error;
      await payments.recordAttempt(db, {
        paymentId: row.id,
        kind,
        outcome: 'error',
        code: unreachableError ? 'network_error' : 'rejected',
        message: error.message,
      });
      if (unreachableError) throw unreachable(error);
      throw problems.conflict(
        `The payment provider refused to ${kind}: ${error.message}`,
        'payment-provider-refused',
      );
    }
  }
}

export type PaymentOperations = ReturnType<typeof paymentOperations>;
