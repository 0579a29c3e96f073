// GET /notifications/stream: Server-Sent Events pushing the user's new notifications as they
// are created. EventSource cannot set headers, so the token may come as ?access_token=.
// Events: `ready` (with the unread count) once, `notification` per new entry (id = its id, so a
// reconnecting EventSource sends Last-Event-ID and gets what it missed), a comment as heartbeat.
// The stream ends when the access token expires, so a signed-out user stops receiving. An account
// holds at most SSE_MAX_STREAMS_PER_USER streams here: opening one more ends the oldest, after a
// `superseded` event that tells its client not to reconnect.
import type { FeedNotification } from '@emporium/contracts/notification';
import {
  type Principal,
  problems,
  type ServiceApp,
  type SqlDatabase,
  type TokenVerifier,
} from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { FeedHub } from '../feed/feed-hub.js';
import type { StreamQuota } from '../feed/stream-quota.js';
import { feedSince, unreadCount } from '../repositories/notifications.js';

// setTimeout fires at once beyond this (about 24 days); access tokens live minutes.
const MAX_TIMER_MS = 2_147_483_647;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The principal and when its token expires (the stream ends then; the client reconnects with a fresh one). */
async function authenticate(
  request: FastifyRequest,
  verifier: TokenVerifier,
  queryToken?: string,
): Promise<{ principal: Principal; expiresAtMs: number }> {
  const [scheme, headerToken] = (request.headers.authorization ?? '').split(' ');
  const token = scheme?.toLowerCase() === 'bearer' && headerToken ? headerToken : queryToken;
  if (!token) throw problems.unauthorized();
  const principal = await verifier.verify(token);
  if (!principal.roles.includes('customer') && !principal.roles.includes('admin')) throw problems.forbidden();
  // Verified above, so its exp claim is present and trustworthy.
  return { principal, expiresAtMs: (decodeJwt(token).exp ?? 0) * 1000 };
}

export function registerFeedStreamRoute(
  app: ServiceApp,
  deps: {
    db: SqlDatabase;
    hub: FeedHub;
    verifier: TokenVerifier;
    heartbeatMs: number;
    streamQuota: StreamQuota;
  },
): void {
  const { db, hub, verifier, heartbeatMs, streamQuota } = deps;
  const open = new Set<() => void>();
  // Streams never finish on their own; end them so the server can close.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/notifications/stream',
    {
      schema: {
        tags: ['feed'],
        description:
          'Server-Sent Events: `ready`, then `notification` per new feed entry; heartbeat comments.',
        querystring: Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 4096 })) }),
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const { principal, expiresAtMs } = await authenticate(request, verifier, request.query.access_token);
      const { userId } = principal;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      // A stream may end while its first answers are still being read (superseded, token expired):
      // nothing is written after that, which would be an error on the socket.
      const write = (chunk: string) => {
        if (!res.writableEnded) res.write(chunk);
      };
      write('retry: 3000\n\n');
      const send = (notification: FeedNotification) =>
        write(`id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`);

      // Subscribe before reading what was missed: a notification landing in between may come
      // twice (clients key by id), but none falls in a gap.
      const unsubscribe = hub.subscribe(userId, send);
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      const expiry = setTimeout(() => end(), Math.min(MAX_TIMER_MS, Math.max(0, expiresAtMs - Date.now())));
      const stop = () => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribe();
        releaseQuota();
        open.delete(end);
      };
      const end = () => {
        stop();
        res.end();
      };
      const releaseQuota = streamQuota.admit(userId, () => {
        write(`event: superseded\ndata: ${JSON.stringify({ reason: 'too-many-streams' })}\n\n`);
        end();
      });
      open.add(end);
      request.raw.on('close', stop);

      try {
        const lastEventId = request.headers['last-event-id'];
        if (typeof lastEventId === 'string' && UUID.test(lastEventId)) {
          for (const notification of await feedSince(db, userId, lastEventId)) send(notification);
        }
        write(`event: ready\ndata: ${JSON.stringify({ unread: await unreadCount(db, userId) })}\n\n`);
      } catch (error) {
        request.log.error({ err: error }, 'could not start the notification stream');
        end();
      }
      return reply;
    },
  );
}
