// Starts every service in this process, each on its own port, from the same start functions and
// config schemas the distributed mode uses.
import { holdInProcessDeliveries, loadConfig } from '@emporium/platform';
import type { FastifyInstance } from 'fastify';
import { authConfigSchema } from '../../../services/auth/src/config.js';
import { startAuthService } from '../../../services/auth/src/service.js';
import { gatewayConfigSchema } from '../../../services/gateway/src/config.js';
import { startGatewayService } from '../../../services/gateway/src/service.js';
import { notificationConfigSchema } from '../../../services/notification/src/config.js';
import { startNotificationService } from '../../../services/notification/src/service.js';
import { orderConfigSchema } from '../../../services/order/src/config.js';
import { startOrderService } from '../../../services/order/src/service.js';
import { paymentConfigSchema } from '../../../services/payment/src/config.js';
import { startPaymentService } from '../../../services/payment/src/service.js';
import { pricingConfigSchema } from '../../../services/pricing/src/config.js';
import { startPricingService } from '../../../services/pricing/src/service.js';
import { productConfigSchema } from '../../../services/product/src/config.js';
import type { CatalogStore } from '../../../services/product/src/repositories/catalog-store.js';
import { startProductService } from '../../../services/product/src/service.js';
import { userConfigSchema } from '../../../services/user/src/config.js';
import { startUserService } from '../../../services/user/src/service.js';
import { tracePhase } from './start-trace.js';
import type { embeddedEnvironment, ServiceName } from './topology.js';

export interface RunningService {
  name: ServiceName;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartHooks {
  /** Gets the catalog store before the product service serves, to seed it on first run. */
  onCatalogOpen(store: CatalogStore): Promise<void>;
  /** Awaited before the gateway starts (the web app it serves may still be building). */
  beforeGateway?(): Promise<void>;
}

export async function startServices(
  env: ReturnType<typeof embeddedEnvironment>,
  hooks: StartHooks,
): Promise<RunningService[]> {
  // Started one after another: they share one PGlite instance, and parallel migrations would
  // only queue behind each other while making a failure harder to attribute.
  const started: RunningService[] = [];
  const releaseDeliveries = holdInProcessDeliveries();
  const add = (name: ServiceName, service: { app: unknown; close(): Promise<void> }) => {
    started.push({ name, app: service.app as FastifyInstance, close: () => service.close() });
    tracePhase(`${name} started`);
  };
  try {
    add('auth', await startAuthService(loadConfig(authConfigSchema, env.auth)));
    add('user', await startUserService(loadConfig(userConfigSchema, env.user)));
    add(
      'product',
      await startProductService(loadConfig(productConfigSchema, env.product), {
        onStoreOpen: (store) => hooks.onCatalogOpen(store),
      }),
    );
    add('payment', await startPaymentService(loadConfig(paymentConfigSchema, env.payment)));
    // Before order: its checkout asks pricing for the totals.
    add('pricing', await startPricingService(loadConfig(pricingConfigSchema, env.pricing)));
    add('order', await startOrderService(loadConfig(orderConfigSchema, env.order)));
    add(
      'notification',
      await startNotificationService(loadConfig(notificationConfigSchema, env.notification)),
    );
    await hooks.beforeGateway?.();
    add('gateway', await startGatewayService(loadConfig(gatewayConfigSchema, env.gateway)));
    releaseDeliveries();
  } catch (error) {
    await stopServices(started);
    throw error;
  }
  return started;
}

/** Gateway first, so no request enters a service that is already closing. */
export async function stopServices(services: RunningService[]): Promise<void> {
  for (const service of [...services].reverse()) {
    await service.close().catch(() => {});
  }
}
