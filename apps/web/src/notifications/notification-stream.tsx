// The live notification feed for the signed-in shopper: one EventSource per app (not per bell),
// the unread count it reports, and the newest entries. A stream ends when the access token
// expires; the client then refreshes the session and opens a new stream with the new token.
import type { FeedNotification } from '@emporium/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';
import { useAuth } from '../auth/auth-context';

interface LiveFeed {
  unread: number;
  setUnread(count: number): void;
  /** The last entry that arrived live, for the announcement region. */
  latest: FeedNotification | null;
  connected: boolean;
}

const LiveFeedContext = createContext<LiveFeed>({
  unread: 0,
  setUnread: () => {},
  latest: null,
  connected: false,
});

const RECONNECT_DELAYS_MS = [1_000, 3_000, 10_000, 30_000];

export function LiveFeedProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const [unread, setUnread] = useState(0);
  const [latest, setLatest] = useState<FeedNotification | null>(null);
  const [connected, setConnected] = useState(false);
  const userId = user?.id;

  useEffect(() => {
    if (!userId || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const open = () => {
      const token = api.session.token;
      if (!token) return reconnect();
      source = new EventSource(api.notifications.streamUrl(token));
      source.addEventListener('ready', (event) => {
        failures = 0;
        setConnected(true);
        setUnread((JSON.parse((event as MessageEvent).data) as { unread: number }).unread);
      });
      source.addEventListener('notification', (event) => {
        const entry = JSON.parse((event as MessageEvent).data) as FeedNotification;
        setLatest(entry);
        if (!entry.readAt) setUnread((count) => count + 1);
        queryClient.invalidateQueries({ queryKey: ['notifications'] });
        // An order notification means the order moved: its pages show the new status at once.
        if (entry.link?.startsWith('/orders/')) queryClient.invalidateQueries({ queryKey: ['orders'] });
      });
      // The service ends an account's oldest stream when it opens one too many: this tab's was
      // that one, and reconnecting would only end another tab's.
      source.addEventListener('superseded', () => {
        source?.close();
        setConnected(false);
      });
      source.onerror = () => {
        setConnected(false);
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. 401 on an expired token).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reconnect();
        }
      };
    };

    const reconnect = () => {
      if (stopped) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
      failures += 1;
      timer = setTimeout(async () => {
        await api.session.refresh().catch(() => false);
        if (!stopped && api.session.currentUser) open();
      }, delay);
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      setConnected(false);
    };
  }, [api, queryClient, userId]);

  const value = useMemo(() => ({ unread, setUnread, latest, connected }), [unread, latest, connected]);
  return <LiveFeedContext.Provider value={value}>{children}</LiveFeedContext.Provider>;
}

export function useLiveFeed(): LiveFeed {
  return useContext(LiveFeedContext);
}
