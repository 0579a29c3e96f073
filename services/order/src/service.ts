// Opens the order service's adapters by URL, migrates, starts the outbox relay, the saga
// recovery worker and the refund and cancellation reconciliation worker, and returns the app
// without listening.
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  createTokenVerifier,
  migrateEventTables,
  openEventBus,
  openSqlDatabase,
  runMigrations,
  type TokenVerifier,
} from '@emporium/platform';
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

export async function startOrderService(config: OrderConfig, runtime: OrderRuntime = {}) {
  const db = await openSqlDatabase(config.DATABASE_URL, 'order');
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  const bus = openEventBus(config.AMQP_URL, eventSchemas, { exchange: config.EVENTS_EXCHANGE });
  const { app, outbox, runner, reconciler } = await buildApp({
    config,
    db,
    publisher: bus,
    verifier: runtime.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    processMetrics: runtime.processMetrics ?? true,
    readiness: { database: () => db.ping(), bus: () => bus.ping() },
  });
  outbox.start();
  const recovery = startRecoveryWorker(runner, config.SAGA_RECOVERY_INTERVAL_MS, app.log);
  const reconciliation = startReconciliationWorker(reconciler, config.REFUND_RECOVERY_INTERVAL_MS, app.log);
  return {
    app,
    reconciler,
    async close() {
      recovery.stop();
      await reconciliation.stop();
      await runner.stop();
      await outbox.stop();
      await bus.close();
      await db.close();
    },
  };
}
