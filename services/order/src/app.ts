// buildApp: the order service's HTTP surface and use cases over already-opened adapters (no I/O).

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type AppHostOptions,
  authentication,
  createAdmissionGate,
  createService,
  hostOptions,
  type Outbox,
  requireInternalToken,
  type SqlDatabase,
  type TokenVerifier,
} from '@emporium/platform';
import { cartService } from './cart/cart-service.js';
import { placeOrderUseCase } from './checkout/place-order.js';
import { createSagaRunner } from './checkout/saga-runner.js';
import { paymentClient } from './clients/payment-client.js';
import { pricingClient } from './clients/pricing-client.js';
import { productClient } from './clients/product-client.js';
import type { OrderConfig } from './config.js';
import { carrierWebhooks } from './fulfilment/carrier-webhooks.js';
import { orderShipments } from './fulfilment/order-shipments.js';
import { orderAdmin } from './orders/order-admin.js';
import { orderQueries } from './orders/order-queries.js';
import { orderRefunds } from './orders/order-refunds.js';
import { purchaseQueries } from './orders/purchase-queries.js';
import { orderReconciler } from './orders/reconciliation-worker.js';
import { exchangeOptions } from './returns/exchange-options.js';
import { orderExchanges } from './returns/order-exchanges.js';
import { orderReturns } from './returns/order-returns.js';
import { registerAdminOrderRoutes } from './routes/admin-orders.js';
import { registerAdminShipmentRoutes } from './routes/admin-shipments.js';
import { registerCarrierWebhookRoutes } from './routes/carrier-webhooks.js';
import { registerCartRoutes } from './routes/cart.js';
import { registerInternalPurchaseRoutes } from './routes/internal-purchases.js';
import { registerOrderRoutes } from './routes/orders.js';
import { registerReturnRoutes } from './routes/returns.js';

export interface OrderAppDeps extends AppHostOptions {
  config: OrderConfig;
  db: SqlDatabase;
  outbox: Outbox;
  verifier: TokenVerifier;
}

export async function buildApp(deps: OrderAppDeps) {
  const { config, db, outbox, verifier } = deps;
  const app = await createService(hostOptions('order', { logLevel: config.LOG_LEVEL, ...deps }));
  const products = productClient(
    config.PRODUCT_URL,
    config.DOWNSTREAM_TIMEOUT_MS,
    config.VARIANT_CACHE_MS,
    config.INTERNAL_TOKEN,
  );
  const payments = paymentClient(config.PAYMENT_URL, config.DOWNSTREAM_TIMEOUT_MS, config.INTERNAL_TOKEN);
  const pricing = pricingClient(config.PRICING_URL, config.DOWNSTREAM_TIMEOUT_MS, config.INTERNAL_TOKEN);
  const runner = createSagaRunner({
    db,
    outbox,
    products,
    payments,
    pricing,
    log: app.log,
    owner: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    leaseMs: config.SAGA_LEASE_MS,
    stepDeadlineMs: config.SAGA_STEP_DEADLINE_MS,
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
  });
  const carts = cartService({ db, products, pricing });
  const queries = orderQueries(db);
  requireInternalToken(app, {
    token: config.INTERNAL_TOKEN,
    alsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
  });
  await app.register(authentication, { verifier });
  registerCartRoutes(app, carts);
  registerOrderRoutes(app, {
    placeOrder: placeOrderUseCase({
      db,
      outbox,
      products,
      pricing,
      carts,
      runner,
      leaseMs: config.SAGA_LEASE_MS,
      inlineWaitMs: config.CHECKOUT_INLINE_WAIT_MS,
    }),
    admission: createAdmissionGate({
      limit: config.CHECKOUT_CONCURRENCY,
      queueLength: config.CHECKOUT_QUEUE_LENGTH,
      queueWaitMs: config.CHECKOUT_QUEUE_WAIT_MS,
      slug: 'checkout-busy',
      // Shown to shoppers as it is (the web app's checkout does); the 503's documentation tells
      // clients to send the same request again under the same key.
      detail:
        'The shop is very busy right now; nothing was ordered or charged. Please try again in a few seconds.',
      metrics: app.metrics,
    }),
    queries,
  });
  const admin = orderAdmin({ db, outbox, payments });
  registerAdminOrderRoutes(app, { admin, queries });
  registerAdminShipmentRoutes(app, { admin });
  const refunds = orderRefunds({ db, outbox, payments });
  const exchanges = orderExchanges({
    db,
    outbox,
    products,
    payments,
    refunds,
    windowDays: config.RETURN_WINDOW_DAYS,
  });
  registerReturnRoutes(app, {
    returns: orderReturns({
      db,
      outbox,
      products,
      refunds,
      exchanges,
      windowDays: config.RETURN_WINDOW_DAYS,
    }),
    exchanges,
    options: exchangeOptions({ db, products }),
    queries,
  });
  registerInternalPurchaseRoutes(app, purchaseQueries(db));
  registerCarrierWebhookRoutes(app, {
    webhooks: carrierWebhooks(config.CARRIER_WEBHOOK_SECRETS),
    shipments: orderShipments({ db, outbox }),
  });
  return {
    app,
    runner,
    reconciler: orderReconciler({
      db,
      outbox,
      payments,
      products,
      exchanges,
      downstreamTimeoutMs: config.DOWNSTREAM_TIMEOUT_MS,
      log: app.log,
    }),
  };
}
