// What the payment use cases and the webhook say the same way: the facts every payment event
// carries, and the answer when the provider cannot be reached.
import { problems } from '@emporium/platform';
import type { PaymentRow } from '../repositories/payments.js';

/** What every payment event says about its payment: fixed at authorization, never updated. */
export const facts = (row: Pick<PaymentRow, 'id' | 'order_id' | 'amount' | 'currency'>) => ({
  paymentId: row.id,
  orderId: row.order_id,
  amount: { amount: row.amount, currency: row.currency },
});

export const unreachable = (error: unknown) =>
  problems.unavailable(
    `The payment provider did not answer: ${(error as Error).message}. Retry with the same Idempotency-Key.`,
    'payment-provider-unavailable',
  );
