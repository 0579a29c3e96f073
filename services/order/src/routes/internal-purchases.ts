// Service-to-service read of past purchases (never exposed by the gateway; /internal/* wants the
// internal token). The product service pages through it to learn who may review what when its
// own read model of order events started after orders were already placed.
import { ProblemDetails } from '@emporium/contracts';
import { PurchasePage, PurchaseQuery } from '@emporium/contracts/purchases';
import { INTERNAL_TOKEN_HEADER, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { purchaseQueries } from '../orders/purchase-queries.js';

const InternalTokenRequired = Type.Composite([ProblemDetails], {
  additionalProperties: true,
  description: `internal-token-required: ${INTERNAL_TOKEN_HEADER} is missing or not the shared internal token`,
});

export function registerInternalPurchaseRoutes(app: ServiceApp, queries: ReturnType<typeof purchaseQueries>) {
  app.get(
    '/internal/purchases',
    {
      schema: {
        description:
          'Every product an account bought in an order that went through (confirmed, shipped, delivered ' +
          'or refunded; not cancelled, not guest orders), oldest order first, a page at a time.',
        querystring: PurchaseQuery,
        response: { 200: PurchasePage, 401: InternalTokenRequired },
      },
    },
    async (request) => queries.page(request.query),
  );
}
