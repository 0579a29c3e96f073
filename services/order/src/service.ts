// Opens the order service's runtime (database, bus, outbox), starts the saga recovery worker and
// the refund and cancellation reconciliation worker, and returns the app without listening.
import { fileURLToPath } from 'node:url';
import { createTokenVerifier, openServiceRuntime, type TokenVerifier } from '@emporium/platform';
import { buildApp } from './app.js';
import { startRecoveryWorker } from './checkout/recovery-worker.js';
import type { OrderConfig } from './config.js';
import { startReconciliationWorker } from './orders/reconciliation-worker.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface OrderRuntime {
  /** Tests pass a verifier for their own keys instead of fetching the auth service's JWKS. */
  verifier?: TokenVerifier;
  processMetrics?: boolean;
}

export async function startOrderService(config: OrderConfig, options: OrderRuntime = {}) {
  const runtime = await openServiceRuntime({
    name: 'order',
    config,
    processMetrics: options.processMetrics ?? true,
    sql: { migrations: MIGRATIONS, eventTables: 'last' },
    events: { outbox: true },
  });
  const { app, runner, reconciler } = await buildApp({
    ...runtime.host,
    config,
    db: runtime.db,
    outbox: runtime.outbox,
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
  });
  runtime.own(runner);
  runtime.own(startRecoveryWorker(runner, config.SAGA_RECOVERY_INTERVAL_MS, app.log));
  runtime.own(startReconciliationWorker(reconciler, config.REFUND_RECOVERY_INTERVAL_MS, app.log));
  return { app, reconciler, close: runtime.close };
}
