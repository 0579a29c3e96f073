// buildApp: the payment service's HTTP surface over already-opened adapters (no I/O here).
import { eventSchemas } from '@emporium/contracts';
import {
  authentication,
  createOutbox,
  createService,
  type EventPublisher,
  type ReadinessCheck,
  registerInternalBatch,
  requireInternalToken,
  type SqlDatabase,
  type TokenVerifier,
} from '@emporium/platform';
import type Stripe from 'stripe';
import { paymentOperations } from './payments/payment-operations.js';
import type { PaymentProvider } from './providers/provider.js';
import { idempotencyKeys } from './repositories/idempotency-keys.js';
import { registerAdminPaymentRoutes } from './routes/admin-payments.js';
import { registerInternalPaymentRoutes } from './routes/internal-payments.js';
import { registerStripeWebhookRoute } from './routes/stripe-webhooks.js';

export interface PaymentAppDeps {
  db: SqlDatabase;
  publisher: EventPublisher;
  provider: PaymentProvider;
  verifier: TokenVerifier;
  logLevel?: string;
  readiness?: Record<string, ReadinessCheck>;
  /** Present with the Stripe provider and a webhook secret. */
  stripeWebhook?: { stripe: Stripe; webhookSecret: string };
  processMetrics?: boolean;
  /** The shared secret /internal/* demands (INTERNAL_TOKEN); unset, those routes are open. */
  internalToken?: string;
  /** Accepted besides internalToken while it is rotated (INTERNAL_TOKEN_ALSO_ACCEPTED). */
  internalTokenAlsoAccepted?: string;
}

export async function buildApp(deps: PaymentAppDeps) {
  const app = await createService({
    name: 'payment',
    logLevel: deps.logLevel,
    readiness: deps.readiness,
    processMetrics: deps.processMetrics,
  });
  requireInternalToken(app, { token: deps.internalToken, alsoAccepted: deps.internalTokenAlsoAccepted });
  const outbox = createOutbox({
    db: deps.db,
    publisher: deps.publisher,
    source: '/services/payment',
    schemas: eventSchemas,
    metrics: app.metrics,
    onError: (error) => app.log.warn({ err: error }, 'outbox relay failed; retrying'),
  });
  const operations = paymentOperations({ db: deps.db, outbox, provider: deps.provider });
  await app.register(authentication, { verifier: deps.verifier });
  registerInternalPaymentRoutes(app, operations, idempotencyKeys(deps.db));
  registerInternalBatch(app);
  registerAdminPaymentRoutes(app, operations);
  if (deps.stripeWebhook) registerStripeWebhookRoute(app, { ...deps.stripeWebhook, outbox });
  return { app, outbox };
}
