// The app's root: one API client for its lifetime (it holds the session), the shop state, and
// the stack the tabs and detail screens live in.
import { createEmporiumClient } from '@emporium/api-client';
import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { deviceStorage } from '../api/device-storage';
import { apiUrl } from '../config';
import { ShopProvider } from '../shop/shop-provider';
import { colors } from '../ui/theme';

const client = createEmporiumClient({ baseUrl: apiUrl, storage: deviceStorage });

export default function RootLayout() {
  return (
    <SafeAreaProvider>
      <ShopProvider client={client} storage={deviceStorage}>
        <StatusBar style="dark" />
        <Stack
          screenOptions={{
            headerTintColor: colors.accent,
            contentStyle: { backgroundColor: colors.background },
          }}
        >
          <Stack.Screen name="(tabs)" options={{ headerShown: false }} />
          <Stack.Screen name="product/[slug]" options={{ title: 'Product' }} />
          <Stack.Screen name="checkout" options={{ title: 'Checkout' }} />
          <Stack.Screen name="orders/[orderId]" options={{ title: 'Order' }} />
          <Stack.Screen name="sign-in" options={{ title: 'Sign in', presentation: 'modal' }} />
        </Stack>
      </ShopProvider>
    </SafeAreaProvider>
  );
}
