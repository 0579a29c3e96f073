// Service-to-service payment API used by the order service (never exposed by the gateway).
// Every mutating call carries an Idempotency-Key.
import { ProblemDetails, Uuid } from '@emporium/contracts';
import {
  AuthorizedPayment,
  AuthorizePaymentBody,
  PaymentList,
  PaymentStatusChange,
  RefundBody,
  RefundResult,
} from '@emporium/contracts/payment';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import {
  fingerprint,
  type IdempotencyKeys,
  requireIdempotencyKey,
  runOnce,
} from '../payments/idempotency.js';
import type { PaymentOperations } from '../payments/payment-operations.js';
import { sendStored } from './reply.js';

const PaymentParams = Type.Object({ paymentId: Uuid });

export function registerInternalPaymentRoutes(
  app: ServiceApp,
  operations: PaymentOperations,
  keys: IdempotencyKeys,
) {
  app.post(
    '/internal/payments',
    {
      schema: {
        body: AuthorizePaymentBody,
        response: { 201: AuthorizedPayment, 402: ProblemDetails },
      },
    },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const response = await runOnce(keys, key, fingerprint('authorize', request.body), 201, (answer) =>
        operations.authorize(request.body, key, answer),
      );
      return sendStored(reply, response);
    },
  );

  app.post(
    '/internal/payments/:paymentId/capture',
    { schema: { params: PaymentParams, response: { 200: PaymentStatusChange } } },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const { paymentId } = request.params;
      const response = await runOnce(
        keys,
        key,
        fingerprint('capture', { paymentId }),
        200,
        (answer, payment) => operations.capture(paymentId, key, answer, payment),
        paymentId,
      );
      return sendStored(reply, response);
    },
  );

  app.post(
    '/internal/payments/:paymentId/void',
    { schema: { params: PaymentParams, response: { 200: PaymentStatusChange } } },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const { paymentId } = request.params;
      const response = await runOnce(
        keys,
        key,
        fingerprint('void', { paymentId }),
        200,
        (answer, payment) => operations.void(paymentId, key, answer, payment),
        paymentId,
      );
      return sendStored(reply, response);
    },
  );

  app.post(
    '/internal/payments/:paymentId/refunds',
    { schema: { params: PaymentParams, body: Type.Optional(RefundBody), response: { 201: RefundResult } } },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const { paymentId } = request.params;
      const body = request.body ?? {};
      const response = await runOnce(
        keys,
        key,
        fingerprint('refund', { paymentId, body }),
        201,
        (answer, payment) => operations.refund(paymentId, body, key, answer, payment),
        paymentId,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    '/internal/payments',
    { schema: { querystring: Type.Object({ orderId: Uuid }), response: { 200: PaymentList } } },
    async (request) => ({ payments: await operations.list({ orderId: request.query.orderId }) }),
  );
}
