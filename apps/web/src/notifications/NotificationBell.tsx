// The bell in the header: unread count pushed live, a panel with the newest entries, and a
// polite announcement when one arrives while the shopper is on the page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../app/api-context';
import { Loading } from '../components/states';
import { useLiveFeed } from './notification-stream';
import { timeAgo } from './time-ago';

export function NotificationBell() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { unread, setUnread, latest } = useLiveFeed();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  const feed = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: () => api.notifications.list({ limit: 8 }),
    enabled: open,
  });
  const readAll = useMutation({
    mutationFn: () => api.notifications.markAllRead(),
    onSuccess: () => {
      setUnread(0);
      queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });

  // Close on Escape or a click elsewhere, returning focus to the bell.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        rootRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="bell" ref={rootRef}>
      <button
        type="button"
        className="icon-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications, ${unread} unread`}
        onClick={() => setOpen((value) => !value)}
      >
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 ? (
          <span className="count-badge" data-testid="unread-count">
            {unread}
          </span>
        ) : null}
      </button>
      <p className="visually-hidden" aria-live="polite">
        {latest ? `New notification: ${latest.title}` : ''}
      </p>
      <div id={panelId} className="bell-panel" hidden={!open}>
        <div className="bell-panel-head">
          <h2>Notifications</h2>
          <button
            type="button"
            className="link-button"
            onClick={() => readAll.mutate()}
            disabled={readAll.isPending || unread === 0}
          >
            Mark all read
          </button>
        </div>
        {feed.isLoading ? <Loading /> : null}
        {feed.error ? <p className="form-error">Could not load notifications.</p> : null}
        {feed.data && feed.data.items.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ul className="feed-list">
          {feed.data?.items.map((item) => (
            <li key={item.id} className={item.readAt ? 'feed-item' : 'feed-item feed-item-unread'}>
              {item.link ? (
                <Link to={item.link} onClick={() => setOpen(false)}>
                  {item.title}
                </Link>
              ) : (
                <strong>{item.title}</strong>
              )}
              <span className="feed-body">{item.body}</span>
              <time dateTime={item.createdAt}>{timeAgo(item.createdAt)}</time>
            </li>
          ))}
        </ul>
        <Link to="/notifications" className="bell-all" onClick={() => setOpen(false)}>
          See all notifications
        </Link>
      </div>
    </div>
  );
}
