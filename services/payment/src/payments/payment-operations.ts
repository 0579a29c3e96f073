// The payment use cases: authorize (authorize-payment.ts), capture, void and refund
// (refund-payment.ts) a payment intent of an order. Each asks the provider first, then records the
// outcome, its ledger entries, its events (the outbox) and its idempotent answer in one statement,
// so the books, the published facts and the answer never disagree.
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
  type PaymentRecord,
  paymentsRepository as payments,
} from '../repositories/payments.js';
import { authorizePayment } from './authorize-payment.js';
import type { AnswerRecorder } from './idempotency.js';
import { facts, unreachable } from './payment-facts.js';
import { toPayment } from './payment-view.js';
import { type RefundAnswer, refundPayment } from './refund-payment.js';

export interface PaymentDeps {
  db: SqlDatabase;
  outbox: Outbox;
  provider: PaymentProvider;
}

interface StatusChange<S extends string> {
  paymentId: string;
  status: S;
}

export function paymentOperations({ db, outbox, provider }: PaymentDeps) {
  /** The payment, as the caller read it already (`known`, null: none) or from the database. */
  async function load(paymentId: string, known?: PaymentRecord | null): Promise<PaymentRecord> {
    const row = known === undefined ? await payments.find(db, paymentId) : known;
    if (!row) throw problems.notFound(`Payment ${paymentId}`);
    return row;
  }

  const refund = refundPayment({ db, outbox, provider });

  return {
    authorize: authorizePayment({ db, outbox, provider }),

    async capture(
      paymentId: string,
      idempotencyKey: string,
      answer: AnswerRecorder<StatusChange<'captured'>>,
      known?: PaymentRecord | null,
    ) {
      const row = await load(paymentId, known);
      if (row.status === 'captured' || row.status === 'partially_refunded' || row.status === 'refunded') {
        return { paymentId, status: 'captured' as const };
      }
      if (row.status !== 'authorized') {
        throw problems.conflict(`A ${row.status} payment cannot be captured.`, 'payment-not-capturable');
      }
      await callProvider(row, 'capture', () => provider.capture(row.providerRef!, idempotencyKey));
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
      known?: PaymentRecord | null,
    ) {
      const row = await load(paymentId, known);
      if (row.status === 'voided') return { paymentId, status: 'voided' as const };
      if (row.status !== 'authorized') {
        throw problems.conflict(
          `A ${row.status} payment cannot be voided${row.status === 'captured' ? '; refund it instead' : ''}.`,
          'payment-not-voidable',
        );
      }
      await callProvider(row, 'void', () => provider.void(row.providerRef!, idempotencyKey));
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
      known?: PaymentRecord | null,
    ) {
      return refund(await load(paymentId, known), body, idempotencyKey, answer);
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
  async function callProvider<T>(
    row: PaymentRecord,
    kind: Attempt['kind'],
    call: () => Promise<T>,
  ): Promise<T> {
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
