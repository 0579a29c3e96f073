// Opens the notification service's runtime (database, bus), and starts its consumer, delivery
// worker and cross-replica feed channel. Does not listen: main.ts (or the embedded start) does.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createTokenVerifier,
  openServiceRuntime,
  type ServiceApp,
  type TokenVerifier,
} from '@emporium/platform';
import { buildApp } from './app.js';
import { listOf, type NotificationConfig } from './config.js';
import { createDeliveryWorker } from './delivery/delivery-worker.js';
import type { MailSender } from './delivery/mail-sender.js';
import { startPruning } from './delivery/retention.js';
import { createSinkSender } from './delivery/sink-sender.js';
import { createSmtpSender } from './delivery/smtp-sender.js';
import { consumedEventTypes } from './events/notices.js';
import { CONSUMER, createNotificationConsumer } from './events/notification-consumer.js';
import { onPreferencesChanged, PREFERENCES_CHANGED } from './events/preferences-changed.js';
import { type FeedChannel, listenForOtherReplicas } from './feed/feed-channel.js';
import { createFeedHub } from './feed/feed-hub.js';
import { createStreamQuota } from './feed/stream-quota.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface NotificationRuntime {
  /** Trusts these tokens instead of fetching AUTH_JWKS_URL (tests, embedded start). */
  verifier?: TokenVerifier;
  /** Called once consumers and the delivery worker run. */
  onReady?: () => void;
}

export interface NotificationService {
  app: ServiceApp;
  close(): Promise<void>;
}

export async function startNotificationService(
  config: NotificationConfig,
  options: NotificationRuntime = {},
): Promise<NotificationService> {
  const runtime = await openServiceRuntime({
    name: 'notification',
    config,
    sql: { migrations: MIGRATIONS, eventTables: 'first' },
    events: {},
  });
  const { db, log } = runtime;
  const mailSinkEnabled = config.SMTP_URL === 'memory:';
  const sender: MailSender = runtime.own(
    mailSinkEnabled
      ? createSinkSender(db)
      : createSmtpSender(config.SMTP_URL, { connectionMs: 10_000, greetingMs: 10_000, socketMs: 60_000 }),
  );
  const hub = createFeedHub();
  const worker = runtime.own(
    createDeliveryWorker({
      db,
      sender,
      from: config.MAIL_FROM,
      retryDelaysMs: listOf(config.MAIL_RETRY_DELAYS_MS).map(Number),
      metrics: runtime.metrics,
      onError: (error) => log.error({ err: error }, 'mail delivery error'),
    }),
  );

  const { app } = await buildApp({
    ...runtime.host,
    db,
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    hub,
    worker,
    mailSinkEnabled,
    heartbeatMs: config.SSE_HEARTBEAT_SECONDS * 1000,
    streamQuota: createStreamQuota(config.SSE_MAX_STREAMS_PER_USER),
  });
  worker.start();
  const stopPruning = startPruning(db, config.DELIVERY_RETENTION_DAYS, (error) =>
    log.warn({ err: error }, 'could not prune the delivery log'),
  );
  runtime.own({ stop: stopPruning });

  const replicaId = randomUUID();
  // PGlite serves one process, where the in-process hub already reaches every stream.
  const channel: FeedChannel | undefined = /^postgres(ql)?:/.test(config.DATABASE_URL)
    ? await listenForOtherReplicas({
        url: config.DATABASE_URL,
        origin: replicaId,
        db,
        hub,
        onError: (error) => log.warn({ err: error }, 'feed channel error'),
      })
    : undefined;
  if (channel) runtime.own(channel);

  const notify = createNotificationConsumer({
    db,
    hub,
    worker,
    replicaId,
    context: {
      templates: { shopName: config.SHOP_NAME, webUrl: config.PUBLIC_WEB_URL },
      adminEmails: listOf(config.ADMIN_EMAILS),
      adminUserIds: listOf(config.ADMIN_USER_IDS),
    },
  });
  // Subscribed last, so it stops first: no event arrives for a worker or channel already closed.
  await runtime.subscribe({
    consumer: CONSUMER,
    eventTypes: [...consumedEventTypes, PREFERENCES_CHANGED],
    handle: (event) => (event.type === PREFERENCES_CHANGED ? onPreferencesChanged(db, event) : notify(event)),
  });
  options.onReady?.();
  return { app, close: runtime.close };
}
