// Opens the payment service's runtime (database, bus, outbox) and returns the app without
// listening (main.ts listens; the embedded mode mounts it in one process).
import { fileURLToPath } from 'node:url';
import { ConfigError, createTokenVerifier, openServiceRuntime, type TokenVerifier } from '@emporium/platform';
import { buildApp } from './app.js';
import type { PaymentConfig } from './config.js';
import { createSandboxProvider } from './providers/sandbox-provider.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface PaymentRuntime {
  /** Tests pass a verifier for their own keys instead of fetching the auth service's JWKS. */
  verifier?: TokenVerifier;
  processMetrics?: boolean;
}

export async function startPaymentService(config: PaymentConfig, options: PaymentRuntime = {}) {
  if (config.PAYMENT_PROVIDER === 'stripe' && !config.STRIPE_API_KEY) {
    throw new ConfigError(['STRIPE_API_KEY is required when PAYMENT_PROVIDER is stripe']);
  }
  const runtime = await openServiceRuntime({
    name: 'payment',
    config,
    processMetrics: options.processMetrics ?? true,
    sql: { migrations: MIGRATIONS, eventTables: 'last' },
    events: { outbox: true },
  });
  const { db, outbox } = runtime;
  // The Stripe SDK loads only when it is the provider: the sandbox (embedded start) never needs it.
  const stripeModule =
    config.PAYMENT_PROVIDER === 'stripe' ? await import('./providers/stripe-provider.js') : undefined;
  const stripe = stripeModule?.createStripeClient({
    apiKey: config.STRIPE_API_KEY!,
    apiBase: config.STRIPE_API_BASE,
  });
  const { app } = await buildApp({
    ...runtime.host,
    db,
    outbox,
    provider: stripe && stripeModule ? stripeModule.createStripeProvider(stripe) : createSandboxProvider(db),
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    internalToken: config.INTERNAL_TOKEN,
    internalTokenAlsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
    ...(stripe && config.STRIPE_WEBHOOK_SECRET
      ? { stripeWebhook: { stripe, webhookSecret: config.STRIPE_WEBHOOK_SECRET } }
      : {}),
  });
  return { app, close: runtime.close };
}
