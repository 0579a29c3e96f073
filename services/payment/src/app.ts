// buildApp: the payment service's HTTP surface over already-opened adapters (no I/O here).
import {
  type AppHostOptions,
  authentication,
  createService,
  hostOptions,
  type Outbox,
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

export interface PaymentAppDeps extends AppHostOptions {
  db: SqlDatabase;
  outbox: Outbox;
  provider: PaymentProvider;
  verifier: TokenVerifier;
  /** Present with the Stripe provider and a webhook secret. */
  stripeWebhook?: { stripe: Stripe; webhookSecret: string };
  /** The shared secret /internal/* demands (INTERNAL_TOKEN); unset, those routes are open. */
  internalToken?: string;
  /** Accepted besides internalToken while it is rotated (INTERNAL_TOKEN_ALSO_ACCEPTED). */
  internalTokenAlsoAccepted?: string;
}

export async function buildApp(deps: PaymentAppDeps) {
  const app = await createService(hostOptions('payment', deps));
  requireInternalToken(app, { token: deps.internalToken, alsoAccepted: deps.internalTokenAlsoAccepted });
  const { outbox } = deps;
  const operations = paymentOperations({ db: deps.db, outbox, provider: deps.provider });
  await app.register(authentication, { verifier: deps.verifier });
  registerInternalPaymentRoutes(app, operations, idempotencyKeys(deps.db));
  registerInternalBatch(app);
  registerAdminPaymentRoutes(app, operations);
  if (deps.stripeWebhook) registerStripeWebhookRoute(app, { ...deps.stripeWebhook, outbox });
  return { app };
}
