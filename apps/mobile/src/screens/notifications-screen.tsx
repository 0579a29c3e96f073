// The in-app feed: newest first, unread ones marked; opening one marks it read.
import type { FeedNotification } from '@emporium/api-client';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useCursorList } from '../hooks/use-cursor-list';
import { useClient, useSession, useUnread } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { messageOf } from '../ui/errors';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { colors, radius, space } from '../ui/theme';

interface NotificationsScreenProps {
  /** The notification's link (a web path such as `/orders/<id>`), when it has one. */
  onOpenLink: (link: string) => void;
  onSignIn: () => void;
}

export function NotificationsScreen({ onOpenLink, onSignIn }: NotificationsScreenProps) {
  const { user, ready } = useSession();
  if (!ready) return <Loading />;
  if (!user) {
    return (
      <View style={styles.signedOut}>
        <EmptyState title="Sign in to see your notifications" />
        <Button label="Sign in" onPress={onSignIn} />
      </View>
    );
  }
  return <Feed onOpenLink={onOpenLink} />;
}

function Feed({ onOpenLink }: { onOpenLink: (link: string) => void }) {
  const client = useClient();
  const { unread, refreshUnread } = useUnread();
  const feed = useCursorList((cursor) => client.notifications.list({ cursor }), [client]);

  async function open(notification: FeedNotification) {
    if (!notification.readAt) {
      await client.notifications.markRead(notification.id).catch(() => undefined);
      refreshUnread();
      feed.reload();
    }
    if (notification.link) onOpenLink(notification.link);
  }

  async function markAllRead() {
    await client.notifications.markAllRead().catch(() => undefined);
    refreshUnread();
    feed.reload();
  }

  return (
    <FlatList
      data={feed.items}
      keyExtractor={(notification) => notification.id}
      contentContainerStyle={styles.content}
      onEndReached={feed.hasMore ? feed.loadMore : undefined}
      onEndReachedThreshold={0.5}
      ListHeaderComponent={
        unread > 0 ? (
          <Button label={`Mark all ${unread} as read`} variant="secondary" onPress={markAllRead} />
        ) : null
      }
      renderItem={({ item }) => <NotificationRow notification={item} onOpen={open} />}
      ListEmptyComponent={
        feed.loading ? (
          <Loading label="Loading notifications" />
        ) : feed.error ? (
          <ErrorState message={messageOf(feed.error)} onRetry={feed.reload} />
        ) : (
          <EmptyState title="No notifications" hint="Order updates will appear here." />
        )
      }
      ListFooterComponent={
        feed.hasMore ? (
          <Button label="Show older" variant="secondary" busy={feed.loadingMore} onPress={feed.loadMore} />
        ) : null
      }
    />
  );
}

function NotificationRow({
  notification,
  onOpen,
}: {
  notification: FeedNotification;
  onOpen: (notification: FeedNotification) => void;
}) {
  const isUnread = notification.readAt === null;
  return (
    <Pressable
      role="button"
      aria-label={`${isUnread ? 'Unread: ' : ''}${notification.title}`}
      onPress={() => onOpen(notification)}
      style={[styles.row, isUnread && styles.unread]}
    >
      <Text style={[styles.title, isUnread && styles.unreadTitle]}>{notification.title}</Text>
      <Text style={styles.body}>{notification.body}</Text>
      <Text style={styles.time}>{new Date(notification.createdAt).toLocaleString()}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  signedOut: { flex: 1, padding: space.lg, justifyContent: 'center' },
  content: { padding: space.lg, flexGrow: 1, gap: space.sm },
  row: {
    padding: space.md,
    borderRadius: radius.large,
    borderWidth: 1,
    borderColor: colors.border,
    gap: space.xs,
  },
  unread: { borderColor: colors.accent, backgroundColor: colors.surface },
  title: { fontSize: 16, color: colors.text },
  unreadTitle: { fontWeight: '700' },
  body: { fontSize: 14, color: colors.text },
  time: { fontSize: 12, color: colors.muted },
});
