// Admin routes of stock locations: the locations, a SKU's units per location, and transfers.
import { Sku } from '@emporium/contracts';
import {
  LocationCode,
  SkuLocationStock,
  StockLocation,
  StockLocationCreate,
  StockLocationList,
  StockLocationUpdate,
  StockTransferBody,
  StockTransferResult,
} from '@emporium/contracts/stock-locations';
import { principalOf, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { StockService } from '../stock/stock-service.js';

const CodeParams = Type.Object({ code: LocationCode });
const SkuParams = Type.Object({ sku: Sku });

export function registerAdminStockLocationRoutes(app: ServiceApp, stock: StockService): void {
  const admin = app.requireRole('admin');

  app.get(
    '/admin/stock-locations',
    {
      preHandler: admin,
      schema: { summary: 'Stock locations, oldest first', response: { 200: StockLocationList } },
    },
    async () => ({ items: await stock.listLocations() }),
  );

  app.post(
    '/admin/stock-locations',
    {
      preHandler: admin,
      schema: {
        summary: 'Add a stock location',
        description:
          '409 location-code-taken when the code is in use. `shipsTo` null or left out: ships everywhere.',
        body: StockLocationCreate,
        response: { 201: StockLocation, ...refusals(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await stock.createLocation(request.body)),
  );

  app.get(
    '/admin/stock-locations/:code',
    {
      preHandler: admin,
      schema: { summary: 'A stock location', params: CodeParams, response: { 200: StockLocation } },
    },
    async (request) => stock.location(request.params.code),
  );

  app.patch(
    '/admin/stock-locations/:code',
    {
      preHandler: admin,
      schema: {
        summary: "Change a stock location's name, country or the countries it ships to",
        params: CodeParams,
        body: StockLocationUpdate,
        response: { 200: StockLocation },
      },
    },
    async (request) => stock.updateLocation(request.params.code, request.body),
  );

  app.delete(
    '/admin/stock-locations/:code',
    {
      preHandler: admin,
      schema: {
        summary: 'Remove a stock location that holds no units',
        description:
          '409 location-holds-stock while it holds available or reserved units; 409 default-location for the default location.',
        params: CodeParams,
        response: { 204: { type: 'null' }, ...refusals(409) },
      },
    },
    async (request, reply) => {
      await stock.removeLocation(request.params.code);
      return reply.status(204).send();
    },
  );

  app.get(
    '/admin/stock/:sku/locations',
    {
      preHandler: admin,
      schema: {
        summary: "A SKU's totals and its units in every location",
        params: SkuParams,
        response: { 200: SkuLocationStock },
      },
    },
    async (request) => stock.stockByLocation(request.params.sku),
  );

  app.post(
    '/admin/stock/:sku/transfers',
    {
      preHandler: admin,
      schema: {
        summary: 'Move available units from one location to another',
        description:
          'Atomic: one ledger entry out of `from`, one into `to`. 409 insufficient-stock (with ' +
          '`available`) when `from` has fewer available; 409 idempotency-key-reused when the key ' +
          'was used for another change of this SKU. The same Idempotency-Key and body repeat the ' +
          'transfer once made instead of making another. An unknown location is a 400 naming it.',
        params: SkuParams,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: StockTransferBody,
        response: { 200: StockTransferResult, ...refusals(409) },
      },
    },
    async (request) => {
      const key = request.headers['idempotency-key'];
      return stock.transfer(request.params.sku, {
        ...request.body,
        actor: `admin:${principalOf(request).userId}`,
        ...(key ? { idempotencyKey: key } : {}),
      });
    },
  );
}
