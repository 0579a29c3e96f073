// Authorizing a payment: ask the provider (reconciling an answer lost on the way), then record the
// payment, authorized or failed, with its ledger, its event and the idempotent answer (a decline's
// 402 included) in one statement.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import type { AuthorizePaymentBody } from '@emporium/contracts/payment';
import { HttpProblem } from '@emporium/platform';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  ProviderUnreachableError,
} from '../providers/provider.js';
import { type LedgerEntry, paymentEffects } from '../repositories/payment-effects.js';
import type { AnswerRecorder } from './idempotency.js';
import { facts, unreachable } from './payment-facts.js';
import type { PaymentDeps } from './payment-operations.js';

const LOST_ANSWER_MESSAGE =
  'We could not confirm the payment with your bank, so we cancelled it. You have not been charged; please try again.';

export interface AuthorizedAnswer {
  paymentId: string;
  orderId: string;
  status: 'authorized';
  amount: Money;
}

export function authorizePayment({ db, outbox, provider }: PaymentDeps) {
  /**
   * A lost answer may hide a charge. Ask the provider what it did under this key and void
   * whatever it authorized: the shopper is told to retry, and is never charged for an
   * authorization nobody saw.
   */
  async function reconcileLostAnswer(
    request: AuthorizationRequest,
    ledger: LedgerEntry[],
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

  /** The provider's outcome, with the ledger entries of every call it took to learn it. */
  async function askProvider(request: AuthorizationRequest, ledger: LedgerEntry[]) {
    try {
      try {
        return await provider.authorize(request);
      } catch (error) {
        if (!(error instanceof ProviderUnreachableError)) throw error;
        ledger.push({ kind: 'authorize', outcome: 'error', code: 'network_error', message: error.message });
        return await reconcileLostAnswer(request, ledger);
      }
    } catch (error) {
      if (error instanceof ProviderUnreachableError) throw unreachable(error);
      throw error;
    }
  }

  return async function authorize(
    body: AuthorizePaymentBody,
    idempotencyKey: string,
    answer: AnswerRecorder<AuthorizedAnswer>,
  ): Promise<AuthorizedAnswer> {
    const ledger: LedgerEntry[] = [];
    const outcome = await askProvider(
      { idempotencyKey, orderId: body.orderId, amount: body.amount, paymentToken: body.paymentToken },
      ledger,
    );
    const paymentId = randomUUID();
    const payment = {
      id: paymentId,
      orderId: body.orderId,
      amount: body.amount.amount,
      currency: body.amount.currency,
    };
    const result: AuthorizedAnswer = {
      paymentId,
      orderId: body.orderId,
      status: 'authorized',
      amount: { amount: body.amount.amount, currency: body.amount.currency },
    };
    if (outcome.outcome === 'authorized') {
      ledger.push({
        kind: 'authorize',
        outcome: 'succeeded',
        amount: body.amount.amount,
        providerRef: outcome.providerRef,
      });
      await paymentEffects.recordAuthorization(
        db,
        {
          ...payment,
          customerId: body.customerId ?? null,
          status: 'authorized',
          provider: provider.name,
          providerRef: outcome.providerRef,
          declineCode: null,
          declineMessage: null,
        },
        ledger,
        outbox.stage([{ type: 'payment.authorized', subject: paymentId, data: facts(payment) }]).json,
        answer.result(result),
      );
      outbox.kick();
      return result;
    }
    ledger.push({
      kind: 'authorize',
      outcome: 'declined',
      code: outcome.code,
      message: outcome.message,
      providerRef: outcome.providerRef,
    });
    const declined = new HttpProblem(402, 'payment-declined', 'Payment declined', outcome.message, {
      paymentId,
      code: outcome.code,
      declineMessage: outcome.message,
    });
    // A decline is a definite answer with an effect of its own (a failed payment): both commit together.
    await paymentEffects.recordAuthorization(
      db,
      {
        ...payment,
        customerId: body.customerId ?? null,
        status: 'failed',
        provider: provider.name,
        providerRef: outcome.providerRef ?? null,
        declineCode: outcome.code,
        declineMessage: outcome.message,
      },
      ledger,
      outbox.stage([
        {
          type: 'payment.failed',
          subject: paymentId,
          data: { ...facts(payment), code: outcome.code, message: outcome.message },
        },
      ]).json,
      answer.refusal(declined),
    );
    outbox.kick();
    throw declined;
  };
}
