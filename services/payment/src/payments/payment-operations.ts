// The payment use cases: authorize, capture, void and refund a payment intent of an order. Each
// asks the provider first, then records the outcome, its ledger entry and its event in one
// transaction (the outbox), so the books and the published facts never disagree.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import type { AuthorizePaymentBody, Payment, RefundBody } from '@emporium/contracts/payment';
import { HttpProblem, type Outbox, problems, type SqlDatabase } from '@emporium/platform';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type PaymentProvider,
  ProviderRejectedError,
  ProviderUnreachableError,
} from '../providers/provider.js';
import {
  type Attempt,
  type PaymentRow,
  paymentsRepository as payments,
  toPayment,
} from '../repositories/payments.js';
import type { OnRecorded } from './idempotency.js';

export interface PaymentDeps {
  db: SqlDatabase;
  outbox: Outbox;
  provider: PaymentProvider;
}

const LOST_ANSWER_MESSAGE =
  'We could not confirm the payment with your bank, so we cancelled it. You have not been charged; please try again.';

const unreachable = (error: unknown) =>
  problems.unavailable(
    `The payment provider did not answer: ${(error as Error).message}. Retry with the same Idempotency-Key.`,
    'payment-provider-unavailable',
  );

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

const authorized = (row: PaymentRow) => ({
  paymentId: row.id,
  orderId: row.order_id,
  status: 'authorized' as const,
  amount: { amount: row.amount, currency: row.currency },
});

const facts = (row: PaymentRow) => ({
  paymentId: row.id,
  orderId: row.order_id,
  amount: { amount: row.amount, currency: row.currency },
});

export function paymentOperations({ db, outbox, provider }: PaymentDeps) {
  async function load(paymentId: string): Promise<PaymentRow> {
    const row = await payments.find(db, paymentId);
    if (!row) throw problems.notFound(`Payment ${paymentId}`);
    return row;
  }

  /**
   * A lost answer may hide a charge. Ask the provider what it did under this key and void
   * whatever it authorized: the shopper is told to retry, and is never charged for an
   * authorization nobody saw.
   */
  async function reconcileLostAnswer(
    request: AuthorizationRequest,
    ledger: Omit<Attempt, 'paymentId'>[],
  ): Promise<AuthorizationOutcome> {
    const found = await provider.findAuthorization(request);
    if (found) {
      await provider.void(found.providerRef, `${request.idempotencyKey}:reconcile-void`);
      ledger.push({
        kind: 'reconcile',
        outcome: 'succeeded',
        providerRef: found.providerRef,
        message: 'voided',
      });
    } else {
      ledger.push({ kind: 'reconcile', outcome: 'succeeded', message: 'no charge found' });
    }
    return { outcome: 'declined', code: 'processing_error', message: LOST_ANSWER_MESSAGE };
  }

  return {
    async authorize(
      body: AuthorizePaymentBody,
      idempotencyKey: string,
      onRecorded?: OnRecorded<{ paymentId: string; orderId: string; status: 'authorized'; amount: Money }>,
    ) {
      const request: AuthorizationRequest = {
        idempotencyKey,
        orderId: body.orderId,
        amount: body.amount,
        paymentToken: body.paymentToken,
      };
      const ledger: Omit<Attempt, 'paymentId'>[] = [];
      let outcome: AuthorizationOutcome;
      try {
        try {
          outcome = await provider.authorize(request);
        } catch (error) {
          if (!(error instanceof ProviderUnreachableError)) throw error;
          ledger.push({ kind: 'authorize', outcome: 'error', code: 'network_error', message: error.message });
          outcome = await reconcileLostAnswer(request, ledger);
        }
      } catch (error) {
        if (error instanceof ProviderUnreachableError) throw unreachable(error);
        throw error;
      }
      ledger.push(
        outcome.outcome === 'authorized'
          ? {
              kind: 'authorize',
              outcome: 'succeeded',
              amount: body.amount.amount,
              providerRef: outcome.providerRef,
            }
          : {
              kind: 'authorize',
              outcome: 'declined',
              code: outcome.code,
              message: outcome.message,
              providerRef: outcome.providerRef,
            },
      );
      const paymentId = randomUUID();
      const row = await outbox.transaction(async (tx, emit) => {
        const saved = await payments.insert(tx, {
          id: paymentId,
          order_id: body.orderId,
          customer_id: body.customerId ?? null,
          amount: body.amount.amount,
          currency: body.amount.currency,
          status: outcome.outcome === 'authorized' ? 'authorized' : 'failed',
          provider: provider.name,
          provider_ref: outcome.providerRef ?? null,
          decline_code: outcome.outcome === 'declined' ? outcome.code : null,
          decline_message: outcome.outcome === 'declined' ? outcome.message : null,
        });
        for (const entry of ledger) await payments.recordAttempt(tx, { ...entry, paymentId });
        if (outcome.outcome === 'authorized') {
          emit({ type: 'payment.authorized', subject: paymentId, data: facts(saved) });
          await onRecorded?.(tx, authorized(saved));
        } else {
          emit({
            type: 'payment.failed',
            subject: paymentId,
            data: { ...facts(saved), code: outcome.code, message: outcome.message },
          });
        }
        return saved;
      });
      if (outcome.outcome === 'declined') {
        throw new HttpProblem(402, 'payment-declined', 'Payment declined', outcome.message, {
          paymentId,
          code: outcome.code,
          declineMessage: outcome.message,
        });
      }
      return authorized(row);
    },

    async capture(
      paymentId: string,
      idempotencyKey: string,
      onRecorded?: OnRecorded<StatusChange<'captured'>>,
    ) {
      const row = await load(paymentId);
      if (row.status === 'captured' || row.status === 'partially_refunded' || row.status === 'refunded') {
        return { paymentId, status: 'captured' as const };
      }
      if (row.status !== 'authorized') {
        throw problems.conflict(`A ${row.status} payment cannot be captured.`, 'payment-not-capturable');
      }
      await callProvider(row, 'capture', () => provider.capture(row.provider_ref!, idempotencyKey));
      await outbox.transaction(async (tx, emit) => {
        const moved = await payments.transition(tx, paymentId, ['authorized'], 'captured');
        await payments.recordAttempt(tx, {
          paymentId,
          kind: 'capture',
          outcome: 'succeeded',
          amount: row.amount,
        });
        if (moved) emit({ type: 'payment.captured', subject: paymentId, data: facts(moved) });
        await onRecorded?.(tx, { paymentId, status: 'captured' });
      });
      return { paymentId, status: 'captured' as const };
    },

    async void(paymentId: string, idempotencyKey: string, onRecorded?: OnRecorded<StatusChange<'voided'>>) {
      const row = await load(paymentId);
      if (row.status === 'voided') return { paymentId, status: 'voided' as const };
      if (row.status !== 'authorized') {
        throw problems.conflict(
          `A ${row.status} payment cannot be voided${row.status === 'captured' ? '; refund it instead' : ''}.`,
          'payment-not-voidable',
        );
      }
      await callProvider(row, 'void', () => provider.void(row.provider_ref!, idempotencyKey));
      await outbox.transaction(async (tx, emit) => {
        const moved = await payments.transition(tx, paymentId, ['authorized'], 'voided');
        await payments.recordAttempt(tx, { paymentId, kind: 'void', outcome: 'succeeded' });
        if (moved) emit({ type: 'payment.voided', subject: paymentId, data: facts(moved) });
        await onRecorded?.(tx, { paymentId, status: 'voided' });
      });
      return { paymentId, status: 'voided' as const };
    },

    async refund(
      paymentId: string,
      body: RefundBody,
      idempotencyKey: string,
      onRecorded?: OnRecorded<RefundAnswer>,
    ) {
      const row = await load(paymentId);
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
      const refunded = await outbox.transaction(async (tx, emit) => {
        const updated = await payments.transition(
          tx,
          paymentId,
          ['captured', 'partially_refunded'],
          status,
          amount.amount,
        );
        if (!updated)
          throw problems.conflict('The payment changed while refunding; retry.', 'payment-changed');
        await payments.insertRefund(tx, {
          id: refundId,
          paymentId,
          amount: amount.amount,
          reason: body.reason,
          providerRef: refund.providerRef,
        });
        await payments.recordAttempt(tx, {
          paymentId,
          kind: 'refund',
          outcome: 'succeeded',
          amount: amount.amount,
          providerRef: refund.providerRef,
        });
        emit({
          type: 'payment.refunded',
          subject: paymentId,
          data: { ...facts(updated), refunded: amount, ...(body.reason ? { reason: body.reason } : {}) },
        });
        const answer: RefundAnswer = {
          refundId,
          paymentId,
          status,
          refunded: { amount: updated.refunded_amount, currency: row.currency },
        };
        await onRecorded?.(tx, answer);
        return answer;
      });
      return refunded;
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
