// The payment service's internal API. Every mutating call carries an Idempotency-Key derived
// from the order id and the step, so a retried or resumed step never charges twice.
import type { Money } from '@emporium/contracts';
import { callJson, UnexpectedAnswerError } from './http.js';

export type AuthorizeOutcome =
  | { authorized: true; paymentId: string }
  | { authorized: false; paymentId?: string; code: string; declineMessage: string };

export type RefundOutcome = { refunded: Money } | { refused: { code: string; detail: string } };

export interface PaymentRecord {
  paymentId: string;
  status: string;
  amount: Money;
}

/** internalToken: the shared INTERNAL_TOKEN, sent on every call (the payment service refuses /internal/* without it). */
export function paymentClient(baseUrl: string, timeoutMs: number, internalToken?: string) {
  const url = (path: string) => new URL(path, baseUrl).toString();
  return {
    async authorize(
      idempotencyKey: string,
      body: { orderId: string; customerId?: string; amount: Money; paymentToken: string },
    ): Promise<AuthorizeOutcome> {
      const answer = await callJson<{
        paymentId?: string;
        code?: string;
        declineMessage?: string;
        type?: string;
      }>({
        method: 'POST',
        url: url('/internal/payments'),
        body,
        idempotencyKey,
        timeoutMs,
        internalToken,
      });
      if (answer.status === 201) return { authorized: true, paymentId: answer.body.paymentId! };
      if (answer.status === 402) {
        return {
          authorized: false,
          ...(answer.body.paymentId ? { paymentId: answer.body.paymentId } : {}),
          code: answer.body.code ?? 'card_declined',
          declineMessage: answer.body.declineMessage ?? 'Your card was declined.',
        };
      }
      throw new UnexpectedAnswerError('payment authorization', answer);
    },

    async capture(paymentId: string, idempotencyKey: string): Promise<'captured' | 'refused'> {
      const answer = await callJson({
        method: 'POST',
        url: url(`/internal/payments/${paymentId}/capture`),
        idempotencyKey,
        timeoutMs,
        internalToken,
      });
      if (answer.status === 200) return 'captured';
      if (answer.status === 409) return 'refused';
      throw new UnexpectedAnswerError('payment capture', answer);
    },

    /** Voids an authorization; a payment that was never authorized needs nothing. */
    async void(paymentId: string, idempotencyKey: string): Promise<'voided' | 'not_voidable'> {
      const answer = await callJson({
        method: 'POST',
        url: url(`/internal/payments/${paymentId}/void`),
        idempotencyKey,
        timeoutMs,
        internalToken,
      });
      if (answer.status === 200) return 'voided';
      if (answer.status === 409) return 'not_voidable';
      throw new UnexpectedAnswerError('payment void', answer);
    },

    /** A refund, or the payment service's definite refusal (a 4xx problem: nothing was refunded). */
    async refund(
      paymentId: string,
      idempotencyKey: string,
      body: { amount?: Money; reason?: string },
    ): Promise<RefundOutcome> {
      const answer = await callJson<{ refunded: Money; type?: string; detail?: string }>({
        method: 'POST',
        url: url(`/internal/payments/${paymentId}/refunds`),
        body,
        idempotencyKey,
        timeoutMs,
        internalToken,
      });
      if (answer.status === 201) return { refunded: answer.body.refunded };
      if (answer.status >= 400 && answer.status < 500) {
        return {
          refused: {
            code: answer.body.type?.split('/').pop() ?? 'unknown',
            detail: answer.body.detail ?? `answered ${answer.status}`,
          },
        };
      }
      throw new UnexpectedAnswerError('payment refund', answer);
    },

    async forOrder(orderId: string): Promise<PaymentRecord[]> {
      const answer = await callJson<{ payments: PaymentRecord[] }>({
        method: 'GET',
        url: url(`/internal/payments?orderId=${orderId}`),
        timeoutMs,
        internalToken,
      });
      if (answer.status !== 200) throw new UnexpectedAnswerError('payment lookup', answer);
      return answer.body.payments;
    },
  };
}

export type PaymentClient = ReturnType<typeof paymentClient>;
