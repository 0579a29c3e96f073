// Service-to-service: units a shopper returned that the shop puts back into stock, for the order
// service (never exposed by the gateway). Recorded in the ledger as its own kind, `return`, with
// the return's id as reference and the order as actor, so returned units are told apart from an
// admin's write-ups; the Idempotency-Key (the order service derives it from the return and SKU)
// makes a retry add the units once.
import { Sku } from '@emporium/contracts';
import { StockChangeResult } from '@emporium/contracts/product';
import { refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { StockService } from '../stock/stock-service.js';

export function registerInternalReturnRoutes(app: ServiceApp, stock: StockService): void {
  app.post(
    '/internal/stock/:sku/returns',
    {
      schema: {
        summary: 'Put returned units back into available stock',
        params: Type.Object({ sku: Sku }),
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object(
          {
            quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            orderId: Type.String({ format: 'uuid' }),
            returnId: Type.String({ format: 'uuid' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: StockChangeResult, ...refusals(404, 409) },
      },
    },
    async (request) =>
      stock.adjust(request.params.sku, {
        quantity: request.body.quantity,
        kind: 'return',
        reason: 'other',
        reference: request.body.returnId,
        note: `Returned by the shopper (return ${request.body.returnId})`,
        actor: `order:${request.body.orderId}`,
        idempotencyKey: request.headers['idempotency-key'],
      }),
  );
}
