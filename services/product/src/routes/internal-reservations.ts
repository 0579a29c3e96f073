// Service-to-service API for the order service (never exposed by the gateway).
import { Sku } from '@emporium/contracts';
import { InternalVariant, ReservationId, ReservationRequest } from '@emporium/contracts/product';
import { problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { StockService } from '../stock/stock-service.js';

const Params = Type.Object({ reservationId: ReservationId });
const SKU_PATTERN = new RegExp(Sku.pattern!);

export function registerInternalRoutes(app: ServiceApp, stock: StockService): void {
  app.get(
    '/internal/variants',
    {
      schema: {
        summary: 'Variants by SKU (unknown SKUs omitted)',
        querystring: Type.Object(
          { skus: Type.String({ minLength: 1, maxLength: 6600 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ variants: Type.Array(InternalVariant) }) },
      },
    },
    async (request) => {
      const skus = [...new Set(request.query.skus.split(','))];
      if (skus.length > 100)
        throw problems.validation([{ field: 'querystring.skus', message: 'must list at most 100 SKUs' }]);
      if (!skus.every((sku) => SKU_PATTERN.test(sku))) {
        throw problems.validation([{ field: 'querystring.skus', message: 'must be comma-separated SKUs' }]);
      }
      return { variants: await stock.variants(skus) };
    },
  );

  app.put(
    '/internal/reservations/:reservationId',
    {
      schema: {
        summary: 'Reserve every line or none (idempotent per reservationId)',
        description:
          'Units come from one location that has the whole order if there is one (in `shipTo` ' +
          'first), else per line from one that has the whole line, else split; with `shipTo`, ' +
          'only from locations that ship there.',
        params: Params,
        body: ReservationRequest,
        response: {
          200: Type.Object({
            reservationId: Type.String(),
            status: Type.Literal('reserved'),
            expiresAt: Type.String(),
          }),
        },
      },
    },
    async (request) =>
      stock.reserve(
        request.params.reservationId,
        request.body.lines,
        request.body.ttlSeconds,
        request.body.shipTo,
      ),
  );

  app.post(
    '/internal/reservations/:reservationId/commit',
    {
      schema: {
        summary: 'Turn a reservation into sold stock (idempotent)',
        params: Params,
        response: { 200: Type.Object({ reservationId: Type.String(), status: Type.Literal('committed') }) },
      },
    },
    async (request) => stock.commit(request.params.reservationId),
  );

  app.post(
    '/internal/reservations/:reservationId/release',
    {
      schema: {
        summary: 'Give a reservation back (idempotent; unknown ids are a no-op)',
        params: Params,
        response: { 200: Type.Object({ reservationId: Type.String(), status: Type.Literal('released') }) },
      },
    },
    async (request) => stock.release(request.params.reservationId),
  );
}
