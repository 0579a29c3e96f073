// Carriers report deliveries here: POST /webhooks/carriers/{carrier}. The carrier's adapter checks
// the signature over the exact bytes sent, so only a carrier holding the shared secret can mark
// parcels delivered. A delivery of a parcel already delivered changes nothing (carriers resend).
import { ProblemDetails } from '@emporium/contracts';
import { problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { CarrierWebhook } from '../fulfilment/carrier-webhooks.js';
import { carrierKey } from '../fulfilment/carriers.js';
import type { orderShipments } from '../fulfilment/order-shipments.js';

const Acknowledged = Type.Object({
  received: Type.Literal(true),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('ignored')]),
  /** How many shipments the tracking number names. */
  shipments: Type.Integer({ minimum: 0 }),
});

export function registerCarrierWebhookRoutes(
  app: ServiceApp,
  deps: { webhooks: Map<string, CarrierWebhook>; shipments: ReturnType<typeof orderShipments> },
) {
  app.register(async (scope) => {
    // Signatures cover the exact bytes the carrier sent: keep the body raw in this scope only.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/webhooks/carriers/:carrier',
      {
        schema: {
          params: Type.Object({ carrier: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }),
          response: { 200: Acknowledged, 400: ProblemDetails, 401: ProblemDetails, 404: ProblemDetails },
        },
      },
      async (request) => {
        const key = carrierKey((request.params as { carrier: string }).carrier);
        const webhook = deps.webhooks.get(key);
        if (!webhook) throw problems.notFound(`A webhook for carrier ${key}`);
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (!webhook.authentic(raw, request.headers)) {
          throw problems.unauthorized('The signature does not match this body.', 'invalid-webhook-signature');
        }
        const report = webhook.read(raw);
        if ('errors' in report) throw problems.validation(report.errors);
        if (!report.delivered) return { received: true as const, outcome: 'ignored' as const, shipments: 0 };
        const found = await deps.shipments.deliverByTracking(key, report.trackingNumber, `carrier:${key}`);
        if (found === 0)
          throw problems.notFound(`A ${key} shipment with tracking number ${report.trackingNumber}`);
        return { received: true as const, outcome: 'delivered' as const, shipments: found };
      },
    );
  });
}
