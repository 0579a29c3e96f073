// The in-app feed: pages, unread count, marking read, and the live stream's address.
import { type Transport, unwrap } from './http.js';

export function notificationEndpoints({ rest, baseUrl }: Transport) {
  return {
    list: (page: { cursor?: string; limit?: number; unread?: boolean } = {}) =>
      unwrap(rest.GET('/api/v1/notifications', { params: { query: page } })),
    unreadCount: async () => (await unwrap(rest.GET('/api/v1/notifications/unread-count'))).unread,
    markRead: (id: string) =>
      unwrap(rest.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    markAllRead: () => unwrap(rest.POST('/api/v1/notifications/read-all')),
    /**
     * The Server-Sent Events URL. EventSource cannot send headers, so the access token rides in
     * the query; the stream ends when that token expires and the client reconnects with a new one.
     */
    streamUrl: (accessToken: string) =>
      `${baseUrl}/api/v1/notifications/stream?access_token=${encodeURIComponent(accessToken)}`,
  };
}
