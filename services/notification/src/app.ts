// buildApp: the HTTP side of the notification service, given its already-open dependencies.
import {
  type AppHostOptions,
  authentication,
  createService,
  hostOptions,
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

export interface AppDeps extends AppHostOptions {
  db: SqlDatabase;
  verifier: TokenVerifier;
  hub: FeedHub;
  /** Woken when an admin re-queues a failed mail. */
  worker?: Pick<DeliveryWorker, 'kick'>;
  mailSinkEnabled: boolean;
  heartbeatMs: number;
  /** Bounds the live feed streams each account holds open. */
  streamQuota: StreamQuota;
}

export async function buildApp(deps: AppDeps) {
  const app = await createService(hostOptions('notification', deps));
  await app.register(authentication, { verifier: deps.verifier });
  registerFeedStreamRoute(app, deps);
  registerFeedRoutes(app, deps);
  registerPreferenceRoutes(app, deps);
  registerAdminDeliveryRoutes(app, deps);
  registerAdminOutboxMailRoutes(app, { db: deps.db, sinkEnabled: deps.mailSinkEnabled });
  return { app };
}
