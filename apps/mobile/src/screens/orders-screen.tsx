// The signed-in shopper's orders, newest first, older pages on scroll.
import type { OrderSummary } from '@emporium/api-client';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useCursorList } from '../hooks/use-cursor-list';
import { statusLabel } from '../shop/order-status';
import { moneyText } from '../shop/region';
import { useClient, useSession } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { count } from '../ui/count';
import { messageOf } from '../ui/errors';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { colors, space } from '../ui/theme';

interface OrdersScreenProps {
  onOpenOrder: (orderId: string) => void;
  onSignIn: () => void;
}

export function OrdersScreen({ onOpenOrder, onSignIn }: OrdersScreenProps) {
  const { user, ready } = useSession();
  if (!ready) return <Loading />;
  if (!user) {
    return (
      <View style={styles.signedOut}>
        <EmptyState title="Sign in to see your orders" hint="Orders placed as a guest are in your e-mail." />
        <Button label="Sign in" onPress={onSignIn} />
      </View>
    );
  }
  return <OrderList onOpenOrder={onOpenOrder} />;
}

function OrderList({ onOpenOrder }: { onOpenOrder: (orderId: string) => void }) {
  const client = useClient();
  const orders = useCursorList(
    async (before) => {
      const page = await client.orders.list({ before });
      return { items: page.orders, nextCursor: page.nextCursor };
    },
    [client],
  );
  return (
    <FlatList
      data={orders.items}
      keyExtractor={(order) => order.orderId}
      contentContainerStyle={styles.content}
      onEndReached={orders.hasMore ? orders.loadMore : undefined}
      onEndReachedThreshold={0.5}
      renderItem={({ item }) => <OrderRow order={item} onOpen={onOpenOrder} />}
      ListEmptyComponent={
        orders.loading ? (
          <Loading label="Loading your orders" />
        ) : orders.error ? (
          <ErrorState message={messageOf(orders.error)} onRetry={orders.reload} />
        ) : (
          <EmptyState title="No orders yet" hint="Your orders will appear here." />
        )
      }
      ListFooterComponent={
        orders.hasMore ? (
          <Button
            label="Show older orders"
            variant="secondary"
            busy={orders.loadingMore}
            onPress={orders.loadMore}
          />
        ) : null
      }
    />
  );
}

function OrderRow({ order, onOpen }: { order: OrderSummary; onOpen: (orderId: string) => void }) {
  const placed = new Date(order.createdAt).toLocaleDateString();
  return (
    <Pressable
      role="link"
      aria-label={`Order ${order.orderNumber}, ${statusLabel[order.status]}, ${moneyText(order.total)}`}
      onPress={() => onOpen(order.orderId)}
      style={styles.row}
    >
      <View style={styles.rowTop}>
        <Text style={styles.number}>Order {order.orderNumber}</Text>
        <Text style={styles.status}>{statusLabel[order.status]}</Text>
      </View>
      <Text style={styles.muted}>
        {placed} · {count(order.itemCount, 'item')} · {moneyText(order.total)}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  signedOut: { flex: 1, padding: space.lg, justifyContent: 'center' },
  content: { padding: space.lg, flexGrow: 1 },
  row: { paddingVertical: space.md, borderBottomWidth: 1, borderBottomColor: colors.border, gap: space.xs },
  rowTop: { flexDirection: 'row', justifyContent: 'space-between' },
  number: { fontSize: 16, fontWeight: '600', color: colors.text },
  status: { fontSize: 15, color: colors.accent, fontWeight: '600' },
  muted: { fontSize: 14, color: colors.muted },
});
