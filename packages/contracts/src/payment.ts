// HTTP bodies of the payment service (internal API used by the order service, and admin reads).
import { type Static, Type } from '@sinclair/typebox';
import { Money, Uuid } from './common.js';

export const PaymentStatus = Type.Union([
  Type.Literal('authorized'),
  Type.Literal('captured'),
  Type.Literal('voided'),
  Type.Literal('refunded'),
  Type.Literal('partially_refunded'),
  Type.Literal('failed'),
]);
export type PaymentStatus = Static<typeof PaymentStatus>;

export const DeclineCode = Type.Union([
  Type.Literal('card_declined'),
  Type.Literal('insufficient_funds'),
  Type.Literal('processing_error'),
  Type.Literal('expired_card'),
]);
export type DeclineCode = Static<typeof DeclineCode>;

export const AuthorizePaymentBody = Type.Object(
  {
    orderId: Uuid,
    customerId: Type.Optional(Type.String({ maxLength: 100 })),
    amount: Money,
    paymentToken: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type AuthorizePaymentBody = Static<typeof AuthorizePaymentBody>;

export const Payment = Type.Object({
  paymentId: Uuid,
  orderId: Uuid,
  status: PaymentStatus,
  amount: Money,
  refunded: Money,
  provider: Type.String(),
  declineCode: Type.Optional(Type.String()),
  declineMessage: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Payment = Static<typeof Payment>;

export const AuthorizedPayment = Type.Object({
  paymentId: Uuid,
  orderId: Uuid,
  status: Type.Literal('authorized'),
  amount: Money,
});

export const PaymentStatusChange = Type.Object({ paymentId: Uuid, status: PaymentStatus });

export const RefundBody = Type.Object(
  {
    amount: Type.Optional(Money),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RefundBody = Static<typeof RefundBody>;

export const RefundResult = Type.Object({
  refundId: Uuid,
  paymentId: Uuid,
  status: Type.Union([Type.Literal('refunded'), Type.Literal('partially_refunded')]),
  refunded: Money,
});

export const PaymentList = Type.Object({ payments: Type.Array(Payment) });
