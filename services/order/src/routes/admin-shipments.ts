// Admin: an order's shipments. Creating one needs an Idempotency-Key: the same key and body
// replay the shipment (200, Idempotent-Replayed), another body with that key is refused (422).
import { ProblemDetails, Uuid } from '@emporium/contracts';
import { CreateShipmentBody, Order } from '@emporium/contracts/order';
import { principalOf, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { orderAdmin } from '../orders/order-admin.js';

const Params = Type.Object({ orderId: Uuid });

const ShipmentCreated = Type.Composite([Order, Type.Object({ shipmentId: Uuid })], {
  description: 'The order with its new shipment; shipmentId names it.',
});

const ShipmentRefused = Type.Composite(
  [
    ProblemDetails,
    Type.Object({
      lines: Type.Optional(
        Type.Array(Type.Object({ sku: Type.String(), requested: Type.Integer(), unshipped: Type.Integer() })),
      ),
    }),
  ],
  {
    additionalProperties: true,
    description:
      'quantity-exceeds-unshipped (lines: what was asked and what is left of each) · ' +
      'invalid-order-transition (not confirmed, or shipped already) · cancel-in-progress · checkout-in-progress',
  },
);

export function registerAdminShipmentRoutes(app: ServiceApp, deps: { admin: ReturnType<typeof orderAdmin> }) {
  const guard = app.requireRole('admin');

  app.post(
    '/admin/orders/:orderId/shipments',
    {
      preHandler: guard,
      schema: {
        params: Params,
        body: CreateShipmentBody,
        headers: Type.Object({
          'idempotency-key': Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'The same key when this shipment is retried',
          }),
        }),
        response: {
          200: ShipmentCreated,
          201: ShipmentCreated,
          404: ProblemDetails,
          409: ShipmentRefused,
          422: ProblemDetails,
        },
      },
    },
    async (request, reply) => {
      const { shipmentId, created, order } = await deps.admin.createShipment(
        request.params.orderId,
        principalOf(request),
        { ...request.body, idempotencyKey: request.headers['idempotency-key'] },
      );
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.status(created ? 201 : 200).send({ ...order, shipmentId });
    },
  );

  app.post(
    '/admin/orders/:orderId/shipments/:shipmentId/delivered',
    {
      preHandler: guard,
      schema: {
        params: Type.Object({ orderId: Uuid, shipmentId: Uuid }),
        response: { 200: Order, 404: ProblemDetails },
      },
    },
    async (request) =>
      deps.admin.deliverShipment(request.params.orderId, request.params.shipmentId, principalOf(request)),
  );
}
