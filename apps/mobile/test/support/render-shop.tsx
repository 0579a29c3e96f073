// Renders a screen inside the app's ShopProvider, over the real API client talking to a fake
// gateway, with a device storage that records what was written to it.
import { createEmporiumClient, type EmporiumClient, type TokenStorage } from '@emporium/api-client';
import { configure, type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ShopProvider } from '../../src/shop/shop-provider';
import { type FakeGateway, fakeGateway } from './fake-gateway';

// findBy*'s own default (1 s) is shorter than a screen takes to show its first data (the shop's
// regions, then the screen's own reads) while other tests keep both cores busy; a wait that never
// succeeds still fails.
configure({ asyncUtilTimeout: 10_000 });

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
