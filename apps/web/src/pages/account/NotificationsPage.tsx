// Every notification, newest first; new ones arrive live (see notification-stream).
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useLiveFeed } from '../../notifications/notification-stream';
import { timeAgo } from '../../notifications/time-ago';

export function NotificationsPage() {
  useTitle('Notifications');
  const api = useApi();
  const queryClient = useQueryClient();
  const { setUnread } = useLiveFeed();
  const feed = useInfiniteQuery({
    queryKey: ['notifications', 'all'],
    queryFn: ({ pageParam }) => api.notifications.list({ cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.notifications.markRead(id),
    onSuccess: async () => {
      setUnread(await api.notifications.unreadCount());
      queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h1>Notifications</h1>
      {feed.isLoading ? <Loading /> : null}
      {feed.error ? <ErrorState error={feed.error} onRetry={() => feed.refetch()} /> : null}
      {feed.data && items.length === 0 ? <Empty title="No notifications yet" /> : null}
      <ul className="feed-list card">
        {items.map((item) => (
          <li key={item.id} className={item.readAt ? 'feed-item' : 'feed-item feed-item-unread'}>
            {item.link ? <Link to={item.link}>{item.title}</Link> : <strong>{item.title}</strong>}
            <span className="feed-body">{item.body}</span>
            <time dateTime={item.createdAt}>{timeAgo(item.createdAt)}</time>
            {item.readAt ? null : (
              <button type="button" className="link-button" onClick={() => markRead.mutate(item.id)}>
                Mark read<span className="visually-hidden">: {item.title}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {feed.hasNextPage ? (
        <button type="button" className="button" onClick={() => feed.fetchNextPage()}>
          Older notifications
        </button>
      ) : null}
    </>
  );
}
