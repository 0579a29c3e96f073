// The API client is provided through context so component tests can hand the real client a
// stand-in gateway (a fetch function) instead of the network.
import type { EmporiumClient } from '@emporium/api-client';
import { createContext, type ReactNode, useContext } from 'react';

const ApiContext = createContext<EmporiumClient | null>(null);

export function ApiProvider({ client, children }: { client: EmporiumClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): EmporiumClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiProvider> above it');
  return client;
}
