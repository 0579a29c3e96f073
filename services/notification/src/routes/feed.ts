// The signed-in user's in-app feed: list, unread count, mark read.
import { ProblemDetails, Uuid } from '@emporium/contracts';
import {
  FeedNotification,
  FeedPage,
  FeedQuery,
  ReadAllResult,
  UnreadCount,
} from '@emporium/contracts/notification';
import { principalOf, problems, type ServiceApp, type SqlDatabase } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { feedPage, markAllRead, markRead, unreadCount } from '../repositories/notifications.js';

export function registerFeedRoutes(app: ServiceApp, { db }: { db: SqlDatabase }): void {
  const customer = app.requireRole('customer');

  app.get(
    '/notifications',
    {
      preHandler: customer,
      schema: { tags: ['feed'], querystring: FeedQuery, response: { 200: FeedPage, 400: ProblemDetails } },
    },
    async (request) => {
      const { cursor, limit = 20, unread = false } = request.query;
      return feedPage(db, principalOf(request).userId, { cursor, limit, unreadOnly: unread });
    },
  );

  app.get(
    '/notifications/unread-count',
    { preHandler: customer, schema: { tags: ['feed'], response: { 200: UnreadCount } } },
    async (request) => ({ unread: await unreadCount(db, principalOf(request).userId) }),
  );

  app.post(
    '/notifications/:id/read',
    {
      preHandler: customer,
      schema: { tags: ['feed'], params: Type.Object({ id: Uuid }), response: { 200: FeedNotification } },
    },
    async (request) => {
      const notification = await markRead(db, principalOf(request).userId, request.params.id);
      // Someone else's notification answers like a missing one: ids are not confirmed to strangers.
      if (!notification) throw problems.notFound(`Notification ${request.params.id}`);
      return notification;
    },
  );

  app.post(
    '/notifications/read-all',
    { preHandler: customer, schema: { tags: ['feed'], response: { 200: ReadAllResult } } },
    async (request) => ({ marked: await markAllRead(db, principalOf(request).userId) }),
  );
}
