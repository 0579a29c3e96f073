// Opens the payment service's adapters by URL, migrates, starts the outbox relay and returns the
// app without listening (main.ts listens; the embedded mode mounts it in one process).
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  ConfigError,
  createTokenVerifier,
  migrateEventTables,
  openEventBus,
  openSqlDatabase,
  runMigrations,
  type TokenVerifier,
} from '@emporium/platform';
import { buildApp } from './app.js';
import type { PaymentConfig } from './config.js';
import { createSandboxProvider } from './providers/sandbox-provider.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface PaymentRuntime {
  /** Tests pass a verifier for their own keys instead of fetching the auth service's JWKS. */
  verifier?: TokenVerifier;
  processMetrics?: boolean;
}

export async function startPaymentService(config: PaymentConfig, runtime: PaymentRuntime = {}) {
  if (config.PAYMENT_PROVIDER === 'stripe' && !config.STRIPE_API_KEY) {
    throw new ConfigError(['STRIPE_API_KEY is required when PAYMENT_PROVIDER is stripe']);
  }
  const db = await openSqlDatabase(config.DATABASE_URL, 'payment');
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  const bus = openEventBus(config.AMQP_URL, eventSchemas, { exchange: config.EVENTS_EXCHANGE });
  // The Stripe SDK loads only when it is the provider: the sandbox (embedded start) never needs it.
  const stripeModule =
    config.PAYMENT_PROVIDER === 'stripe' ? await import('./providers/stripe-provider.js') : undefined;
  const stripe = stripeModule?.createStripeClient({
    apiKey: config.STRIPE_API_KEY!,
    apiBase: config.STRIPE_API_BASE,
  });
  const { app, outbox } = await buildApp({
    db,
    publisher: bus,
    provider: stripe && stripeModule ? stripeModule.createStripeProvider(stripe) : createSandboxProvider(db),
    verifier: runtime.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    logLevel: config.LOG_LEVEL,
    processMetrics: runtime.processMetrics ?? true,
    readiness: { database: () => db.ping(), bus: () => bus.ping() },
    internalToken: config.INTERNAL_TOKEN,
    internalTokenAlsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
    ...(stripe && config.STRIPE_WEBHOOK_SECRET
      ? { stripeWebhook: { stripe, webhookSecret: config.STRIPE_WEBHOOK_SECRET } }
      : {}),
  });
  outbox.start();
  return {
    app,
    async close() {
      await outbox.stop();
      await bus.close();
      await db.close();
    },
  };
}
