// Stripe's webhook endpoint. The signature is verified over the raw body with the endpoint
// secret, so only Stripe can move our payments from here.

import type { Outbox } from '@emporium/platform';
import { problems, type ServiceApp } from '@emporium/platform';
import type Stripe from 'stripe';
import { applyStripeEvent } from '../payments/stripe-webhook.js';

export function registerStripeWebhookRoute(
  app: ServiceApp,
  deps: { stripe: Stripe; webhookSecret: string; outbox: Outbox },
) {
  app.register(async (scope) => {
    // Signatures cover the exact bytes Stripe sent: keep the body raw in this scope only.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/payments/webhooks/stripe', async (request) => {
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) {
        throw problems.badRequest('A signed Stripe event is required.', 'invalid-webhook-signature');
      }
      let event: Stripe.Event;
      try {
        event = deps.stripe.webhooks.constructEvent(request.body, signature, deps.webhookSecret);
      } catch {
        throw problems.badRequest(
          'The Stripe signature does not match this event.',
          'invalid-webhook-signature',
        );
      }
      const outcome = await applyStripeEvent(deps.outbox, event);
      request.log.info({ stripeEvent: event.id, type: event.type, outcome }, 'stripe webhook');
      return { received: true, outcome };
    });
  });
}
