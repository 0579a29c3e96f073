// What the payment use cases and the webhook say the same way: the facts every payment event
// carries, and the answer when the provider cannot be reached.
import { problems } from '@emporium/platform';
import type { PaymentRecord } from '../repositories/payments.js';

/** What every payment event says about its payment: fixed at authorization, never updated. */
export const facts = (payment: Pick<PaymentRecord, 'id' | 'orderId' | 'amount' | 'currency'>) => ({
  paymentId: payment.id,
  orderId: payment.orderId,
  amount: { amount: payment.amount, currency: payment.currency },
});

export const unreachable = (error: unknown) =>
  problems.unavailable(
    `The payment provider did not answer: ${(error as Error).message}. Retry with the same Idempotency-Key.`,
    'payment-provider-unavailable',
  );
