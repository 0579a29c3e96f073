// buildApp: the HTTP side of the notification service, given its already-open dependencies.
import {
  authentication,
  createService,
  type ReadinessCheck,
  type ServiceApp,
  type SqlDatabase,
  type TokenVerifier,
} from '@emporium/platform';
import type { DeliveryWorker } from './delivery/delivery-worker.js';
import type { FeedHub } from './feed/feed-hub.js';
import type { StreamQuota } from './feed/stream-quota.js';
import { registerAdminDeliveryRoutes } from './routes/admin-deliveries.js';
import { registerAdminOutboxMailRoutes } from './routes/admin-outbox-mail.js';
import { registerFeedRoutes } from './routes/feed.js';
import { registerFeedStreamRoute } from './routes/feed-stream.js';
import { registerPreferenceRoutes } from './routes/preferences.js';

export interface AppDeps {
  db: SqlDatabase;
  verifier: TokenVerifier;
  hub: FeedHub;
  /** Woken when an admin re-queues a failed mail. */
  worker?: Pick<DeliveryWorker, 'kick'>;
  mailSinkEnabled: boolean;
  heartbeatMs: number;
  /** Bounds the live feed streams each account holds open. */
  streamQuota: StreamQuota;
  logLevel?: string;
  readiness?: Record<string, ReadinessCheck>;
}

export async function buildApp(deps: AppDeps): Promise<ServiceApp> {
  const app = await createService({
    name: 'notification',
    logLevel: deps.logLevel,
    readiness: deps.readiness,
  });
  await app.register(authentication, { verifier: deps.verifier });
  registerFeedStreamRoute(app, deps);
  registerFeedRoutes(app, deps);
  registerPreferenceRoutes(app, deps);
  registerAdminDeliveryRoutes(app, deps);
  registerAdminOutboxMailRoutes(app, { db: deps.db, sinkEnabled: deps.mailSinkEnabled });
  return app;
}
