// Admin reads: payments with filters, and one payment with its ledger of provider attempts.
import { Uuid } from '@emporium/contracts';
import { Payment, PaymentList, PaymentStatus } from '@emporium/contracts/payment';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PaymentOperations } from '../payments/payment-operations.js';

export function registerAdminPaymentRoutes(app: ServiceApp, operations: PaymentOperations) {
  app.get(
    '/admin/payments',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        querystring: Type.Object({
          orderId: Type.Optional(Uuid),
          status: Type.Optional(PaymentStatus),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: PaymentList },
      },
    },
    async (request) => ({ payments: await operations.list(request.query) }),
  );

  app.get(
    '/admin/payments/:paymentId',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        params: Type.Object({ paymentId: Uuid }),
        response: {
          200: Type.Object({
            payment: Payment,
            ledger: Type.Array(
              Type.Object({
                kind: Type.String(),
                outcome: Type.String(),
                code: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const payment = await operations.get(request.params.paymentId);
      return { payment, ledger: await operations.ledger(payment.paymentId) };
    },
  );
}
