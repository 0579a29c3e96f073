// A payment as the API answers it.
import type { Payment } from '@emporium/contracts/payment';
import type { PaymentRecord } from '../repositories/payments.js';

export function toPayment(payment: PaymentRecord): Payment {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    status: payment.status,
    amount: { amount: payment.amount, currency: payment.currency },
    refunded: { amount: payment.refundedAmount, currency: payment.currency },
    provider: payment.provider,
    ...(payment.declineCode ? { declineCode: payment.declineCode } : {}),
    ...(payment.declineMessage ? { declineMessage: payment.declineMessage } : {}),
    createdAt: payment.createdAt.toISOString(),
  };
}
