import { Sku } from '@emporium/contracts';
import { RestockBody, StockLevel } from '@emporium/contracts/product';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { StockService } from '../stock/stock-service.js';

export function registerAdminStockRoutes(app: ServiceApp, stock: StockService): void {
  const admin = app.requireRole('admin');

  app.post(
    '/admin/stock/:sku/restock',
    {
      preHandler: admin,
      schema: {
        summary: 'Add received units',
        params: Type.Object({ sku: Sku }),
        body: RestockBody,
        response: { 200: StockLevel },
      },
    },
    async (request) => stock.restock(request.params.sku, request.body.quantity),
  );

  app.get(
    '/admin/stock/low',
    {
      preHandler: admin,
      schema: {
        summary: 'Variants at or below their low-stock threshold',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(StockLevel) }) },
      },
    },
    async (request) => ({ items: await stock.lowStock(request.query.limit ?? 100) }),
  );
}
