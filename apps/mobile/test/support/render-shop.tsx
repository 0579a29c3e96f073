// Renders a screen inside the app's ShopProvider, over the real API client talking to a fake
// gateway, with a device storage that records what was written to it.
import { createEmporiumClient, type EmporiumClient, type TokenStorage } from '@emporium/api-client';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ShopProvider } from '../../src/shop/shop-provider';
import { type FakeGateway, fakeGateway } from './fake-gateway';

export interface FakeStorage extends TokenStorage {
  items: Map<string, string>;
}

/** Device storage as SecureStore would be: async, string values, survives "restarts" of the app. */
export function fakeStorage(initial: Record<string, string> = {}): FakeStorage {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => void items.set(key, value),
    removeItem: async (key) => void items.delete(key),
  };
}

export interface RenderedShop extends RenderResult {
  gateway: FakeGateway;
  storage: FakeStorage;
  client: EmporiumClient;
}

export function renderShop(
  screen: ReactElement,
  { gateway = fakeGateway(), storage = fakeStorage() }: { gateway?: FakeGateway; storage?: FakeStorage } = {},
): RenderedShop {
  const client = createEmporiumClient({ baseUrl: 'http://gateway.test', storage, fetch: gateway.fetch });
  const rendered = render(
    <ShopProvider client={client} storage={storage}>
      {screen}
    </ShopProvider>,
  );
  return { ...rendered, gateway, storage, client };
}
