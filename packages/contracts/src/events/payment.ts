// Events the payment service publishes.
import { Type } from '@sinclair/typebox';
import { Money, Uuid } from '../common.js';

const PaymentFacts = { paymentId: Uuid, orderId: Uuid, amount: Money };

export const paymentEvents = {
  'payment.authorized': Type.Object(PaymentFacts),
  'payment.captured': Type.Object(PaymentFacts),
  'payment.voided': Type.Object(PaymentFacts),
  'payment.failed': Type.Object({
    ...PaymentFacts,
    /** Stable code the shopper's message is chosen by: card_declined, insufficient_funds, … */
    code: Type.String(),
    message: Type.String(),
  }),
  'payment.refunded': Type.Object({ ...PaymentFacts, refunded: Money, reason: Type.Optional(Type.String()) }),
};
