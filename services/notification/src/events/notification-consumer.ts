// Handles a consumed event exactly once (inbox): stores its feed entries and queues its mails in
// one transaction, then pushes the new entries to open streams and wakes the delivery worker.
import { randomUUID } from 'node:crypto';
import type { FeedNotification, NotificationKind } from '@emporium/contracts/notification';
import { optionalEmailKinds } from '@emporium/contracts/notification';
import { type EventEnvelope, handleOnce, type SqlDatabase, type SqlExecutor } from '@emporium/platform';
import type { DeliveryWorker } from '../delivery/delivery-worker.js';
import { signalNewNotification } from '../feed/feed-channel.js';
import type { FeedHub } from '../feed/feed-hub.js';
import { queueDelivery } from '../repositories/deliveries.js';
import { addToFeed } from '../repositories/notifications.js';
import { isEmailEnabled } from '../repositories/preferences.js';
import { type Notice, type NoticeContext, noticesFor } from './notices.js';

export const CONSUMER = 'notification';

const optional = new Set<NotificationKind>(optionalEmailKinds);

export interface ConsumerDeps {
  db: SqlDatabase;
  hub: FeedHub;
  worker: Pick<DeliveryWorker, 'kick'>;
  context: NoticeContext;
  /** Identifies this replica in feed signals, so it does not push its own notifications twice. */
  replicaId: string;
}

async function emailAllowed(tx: SqlExecutor, notice: Notice): Promise<boolean> {
  if (!notice.userId || !optional.has(notice.kind)) return true;
  return isEmailEnabled(tx, notice.userId, notice.kind);
}

export function createNotificationConsumer(deps: ConsumerDeps) {
  const { db, hub, worker, context, replicaId } = deps;

  return async function handle(event: EventEnvelope): Promise<void> {
    const announced: { userId: string; notification: FeedNotification }[] = [];
    let queued = 0;
    await handleOnce(db, CONSUMER, event, async (tx) => {
      const notices = (await noticesFor(event.type, event.data, tx, context)) ?? [];
      for (const notice of notices) {
        const { feed, mail } = notice.rendered;
        if (notice.userId && feed) {
          const notification = await addToFeed(tx, {
            id: randomUUID(),
            userId: notice.userId,
            kind: notice.kind,
            ...feed,
            eventId: event.id,
          });
          if (notification) {
            announced.push({ userId: notice.userId, notification });
            await signalNewNotification(tx, {
              origin: replicaId,
              userId: notice.userId,
              id: notification.id,
            });
          }
        }
        const allowed = await emailAllowed(tx, notice);
        for (const recipient of new Set(notice.to)) {
          const inserted = await queueDelivery(tx, {
            id: randomUUID(),
            eventId: event.id,
            eventType: event.type,
            kind: notice.kind,
            recipient,
            userId: notice.userId,
            ...mail,
            ...(allowed ? {} : { suppressedBecause: 'the recipient turned this kind of e-mail off' }),
          });
          if (inserted && allowed) queued += 1;
        }
      }
    });
    for (const { userId, notification } of announced) hub.announce(userId, notification);
    if (queued > 0) worker.kick();
  };
}
