// The tab bar, with the number of items in the cart and of unread notifications as badges. The
// shop's front tab carries the brand's wordmark as its header, as the web header does.
import Ionicons from '@expo/vector-icons/Ionicons';
import { Tabs } from 'expo-router';
import type { ComponentProps } from 'react';
import type { ColorValue } from 'react-native';
import { useCart, useUnread } from '../../shop/shop-provider';
import { Wordmark } from '../../ui/brand-mark';
import { colors } from '../../ui/theme';

type IconName = ComponentProps<typeof Ionicons>['name'];

const icon =
  (name: IconName) =>
  ({ color, size }: { color: ColorValue; size: number }) => (
    <Ionicons name={name} color={color} size={size} />
  );
const counted = (label: string, count: number, noun: string) =>
  count > 0 ? `${label}, ${count} ${noun}` : label;

export default function TabsLayout() {
  const { itemCount } = useCart();
  const { unread } = useUnread();
  return (
    <Tabs screenOptions={{ tabBarActiveTintColor: colors.accent }}>
      <Tabs.Screen
        name="index"
        options={{ title: 'Shop', headerTitle: () => <Wordmark />, tabBarIcon: icon('storefront-outline') }}
      />
      <Tabs.Screen name="search" options={{ title: 'Search', tabBarIcon: icon('search-outline') }} />
      <Tabs.Screen
        name="cart"
        options={{
          title: 'Cart',
          tabBarIcon: icon('cart-outline'),
          ...(itemCount > 0 ? { tabBarBadge: itemCount } : {}),
          tabBarAccessibilityLabel: counted('Cart', itemCount, 'items'),
        }}
      />
      <Tabs.Screen name="orders" options={{ title: 'Orders', tabBarIcon: icon('receipt-outline') }} />
      <Tabs.Screen
        name="notifications"
        options={{
          title: 'Inbox',
          tabBarIcon: icon('notifications-outline'),
          ...(unread > 0 ? { tabBarBadge: unread } : {}),
          tabBarAccessibilityLabel: counted('Inbox', unread, 'unread'),
        }}
      />
      <Tabs.Screen name="account" options={{ title: 'Account', tabBarIcon: icon('person-outline') }} />
    </Tabs>
  );
}
