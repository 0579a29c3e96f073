import { Readable } from 'node:stream';
import { Sku } from '@emporium/contracts';
import {
  RestockBody,
  StockAdjustmentBody,
  StockChangeResult,
  StockCountBody,
  StockLedgerPage,
  StockLevel,
} from '@emporium/contracts/product';
import { principalOf, problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { StockService } from '../stock/stock-service.js';

const SkuParams = Type.Object({ sku: Sku });
/** A ledger entry id: entries older than it come next. */
const LedgerCursor = Type.String({ pattern: '^[0-9]{1,18}$' });

const adminActor = (request: FastifyRequest) => `admin:${principalOf(request).userId}`;

export function registerAdminStockRoutes(app: ServiceApp, stock: StockService): void {
  const admin = app.requireRole('admin');

  app.post(
    '/admin/stock/:sku/restock',
    {
      preHandler: admin,
      schema: {
        summary: 'Add received units (at `location`, else the default location)',
        params: SkuParams,
        body: RestockBody,
        response: { 200: StockLevel },
      },
    },
    async (request) =>
      stock.restock(request.params.sku, request.body.quantity, {
        actor: adminActor(request),
        ...(request.body.location ? { location: request.body.location } : {}),
      }),
  );

  app.post(
    '/admin/stock/:sku/adjustments',
    {
      preHandler: admin,
      schema: {
        summary: 'Write available units (at `location`, else the default) up or down; never below zero',
        description:
          'A negative quantity writes units off. 409 insufficient-stock (with `available`) when ' +
          'more would be written off than is available; 409 idempotency-key-reused when the key ' +
          'was used for another change of this SKU. The same Idempotency-Key and body repeat ' +
          'the change once made instead of making another.',
        params: SkuParams,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: StockAdjustmentBody,
        response: { 200: StockChangeResult, ...refusals(409) },
      },
    },
    async (request) => {
      const { quantity, reason, note, location } = request.body;
      if (quantity === 0) {
        throw problems.validation([{ field: 'body.quantity', message: 'must not be zero' }]);
      }
      const key = request.headers['idempotency-key'];
      return stock.adjust(request.params.sku, {
        quantity,
        reason,
        actor: adminActor(request),
        ...(note ? { note } : {}),
        ...(location ? { location } : {}),
        ...(key ? { idempotencyKey: key } : {}),
      });
    },
  );

  app.post(
    '/admin/stock/:sku/count',
    {
      preHandler: admin,
      schema: {
        summary: 'Set available units (at `location`, else the default location) to a count',
        description: 'The ledger records the difference. An unknown `location` is a 400 naming it.',
        params: SkuParams,
        body: StockCountBody,
        response: { 200: StockChangeResult },
      },
    },
    async (request) =>
      stock.count(request.params.sku, request.body.counted, {
        actor: adminActor(request),
        ...(request.body.note ? { note: request.body.note } : {}),
        ...(request.body.location ? { location: request.body.location } : {}),
      }),
  );

  app.get(
    '/admin/stock/:sku/ledger',
    {
      preHandler: admin,
      schema: {
        summary: "A SKU's stock ledger, newest first",
        params: SkuParams,
        querystring: Type.Object(
          {
            cursor: Type.Optional(LedgerCursor),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: StockLedgerPage },
      },
    },
    async (request) =>
      stock.ledger(request.params.sku, {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/admin/stock/:sku/ledger.csv',
    {
      preHandler: admin,
      schema: {
        summary: "A SKU's whole stock ledger as CSV (header row first), newest first",
        params: SkuParams,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv; one line per ledger entry' }) },
      },
    },
    async (request, reply) => {
      const lines = await stock.ledgerCsv(request.params.sku);
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="stock-ledger-${request.params.sku}.csv"`)
          // Sent as it is read; the response schema documents the text it carries.
          .send(Readable.from(lines) as unknown as string)
      );
    },
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
