// Everything a page needs above it, in one place so the app and the component tests build the
// same tree: API client, query cache, session, cart, live notifications.
import type { EmporiumClient } from '@emporium/api-client';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AuthProvider } from '../auth/auth-context';
import { CartProvider } from '../cart/cart-context';
import { LiveFeedProvider } from '../notifications/notification-stream';
import { RegionProvider } from '../region/region-context';
import { ApiProvider } from './api-context';

export function AppProviders({
  client,
  queryClient,
  children,
}: {
  client: EmporiumClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <ApiProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RegionProvider>
            <CartProvider>
              <LiveFeedProvider>{children}</LiveFeedProvider>
            </CartProvider>
          </RegionProvider>
        </AuthProvider>
      </QueryClientProvider>
    </ApiProvider>
  );
}
