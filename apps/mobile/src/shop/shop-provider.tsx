// The app's shared state: the API client, who is signed in, the shopper's region, the cart on
// this device (in the region's currency) and the unread notification count. Screens read it through the hooks below; tests provide a client
// over a fake gateway and a fake storage.
import type { AuthUser, Cart, EmporiumClient, TokenStorage } from '@emporium/api-client';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Loading } from '../ui/states';
import { CartKeeper } from './cart-keeper';
import { RegionContext, useRegionState } from './region-context';

interface SessionValue {
  user: AuthUser | null;
  /** False until the stored session (if any) has been resumed at start-up. */
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, displayName?: string): Promise<void>;
  signOut(): Promise<void>;
}

interface CartValue {
  cart: Cart | null;
  loading: boolean;
  error: unknown;
  /** Units in the cart, for the tab badge. */
  itemCount: number;
  add(sku: string, quantity: number): Promise<void>;
  setQuantity(sku: string, quantity: number): Promise<void>;
  remove(sku: string): Promise<void>;
  reload(): void;
}

interface UnreadValue {
  unread: number;
  refreshUnread(): void;
}

const ClientContext = createContext<EmporiumClient | null>(null);
const SessionContext = createContext<SessionValue | null>(null);
const CartContext = createContext<CartValue | null>(null);
const UnreadContext = createContext<UnreadValue | null>(null);

function required<T>(value: T | null, hook: string): T {
  if (value === null) throw new Error(`${hook} is used outside <ShopProvider>.`);
  return value;
}

export const useClient = () => required(useContext(ClientContext), 'useClient');
export const useSession = () => required(useContext(SessionContext), 'useSession');
export const useCart = () => required(useContext(CartContext), 'useCart');
export const useUnread = () => required(useContext(UnreadContext), 'useUnread');

/** How often the unread count is read again while signed in (the feed's SSE stream needs EventSource). */
const UNREAD_POLL_MS = 30_000;

interface ShopProviderProps {
  client: EmporiumClient;
  /** Where the guest cart id is kept: the same device storage as the refresh token. */
  storage: TokenStorage;
  children: ReactNode;
}

export function ShopProvider({ client, storage, children }: ShopProviderProps) {
  const region = useRegionState(client, storage);
  // The keeper reads the currency at each call, so a change of region needs no new keeper.
  const currencyRef = useRef(region.currency);
  currencyRef.current = region.currency;
  const keeper = useMemo(
    () => new CartKeeper(client.cart, storage, () => currencyRef.current),
    [client, storage],
  );
  const [user, setUser] = useState<AuthUser | null>(client.session.currentUser);
  const [ready, setReady] = useState(false);
  const [cartState, setCartState] = useState<{ cart: Cart | null; loading: boolean; error: unknown }>({
    cart: null,
    loading: true,
    error: undefined,
  });
  const [cartGeneration, setCartGeneration] = useState(0);
  const [unread, setUnread] = useState(0);
  const [unreadGeneration, setUnreadGeneration] = useState(0);
  // While signing in or out, the action itself decides the cart (merge, or forget); a read of
  // the cart meanwhile could create a second account cart, so the user change it causes does not
  // trigger one. Other user changes (the session expired) do.
  const switchingAccount = useRef(false);
  // Every cart shown bumps the epoch; a read that started before an action answered is stale.
  const cartEpoch = useRef(0);

  useEffect(() => {
    const unsubscribe = client.session.subscribe((next) => {
      setUser(next);
      if (!switchingAccount.current) setCartGeneration((n) => n + 1);
    });
    client.session
      .restore()
      .catch(() => null)
      .finally(() => setReady(true));
    return unsubscribe;
  }, [client]);

  // The cart is read once the region is known (its prices are in the region's currency), and again
  // when the shopper changes region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cartGeneration and the currency are the reload triggers
  useEffect(() => {
    if (!ready || !region.ready) return;
    const epoch = ++cartEpoch.current;
    setCartState((previous) => ({ ...previous, loading: true, error: undefined }));
    keeper.current(client.session.currentUser !== null).then(
      (cart) => epoch === cartEpoch.current && setCartState({ cart, loading: false, error: undefined }),
      (error: unknown) => epoch === cartEpoch.current && setCartState({ cart: null, loading: false, error }),
    );
  }, [client, keeper, ready, region.ready, region.currency, cartGeneration]);

  const signedIn = user !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: unreadGeneration is the refresh trigger
  useEffect(() => {
    if (!signedIn) {
      setUnread(0);
      return;
    }
    const read = () => client.notifications.unreadCount().then(setUnread, () => {});
    read();
    const timer = setInterval(read, UNREAD_POLL_MS);
    return () => clearInterval(timer);
  }, [client, signedIn, unreadGeneration]);

  const showCart = useCallback((cart: Cart | null) => {
    cartEpoch.current++;
    setCartState({ cart, loading: false, error: undefined });
  }, []);

  const switchAccount = useCallback(
    async (change: () => Promise<Cart | null>) => {
      switchingAccount.current = true;
      try {
        showCart(await change());
      } finally {
        switchingAccount.current = false;
      }
    },
    [showCart],
  );

  const session = useMemo<SessionValue>(
    () => ({
      user,
      ready,
      signIn: (email, password) =>
        switchAccount(async () => {
          await client.auth.login({ email, password });
          return keeper.adoptAfterSignIn();
        }),
      signUp: (email, password, displayName) =>
        switchAccount(async () => {
          await client.auth.register({ email, password, ...(displayName ? { displayName } : {}) });
          return keeper.adoptAfterSignIn();
        }),
      signOut: () =>
        switchAccount(async () => {
          await client.auth.logout();
          await keeper.forget();
          return null;
        }),
    }),
    [client, keeper, user, ready, switchAccount],
  );

  // Stable, so screens can reload on focus without re-running their focus effect on every change.
  const reloadCart = useCallback(() => setCartGeneration((n) => n + 1), []);
  const cart = useMemo<CartValue>(
    () => ({
      ...cartState,
      itemCount: cartState.cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0,
      add: async (sku, quantity) => showCart(await keeper.add(sku, quantity)),
      setQuantity: async (sku, quantity) => showCart(await keeper.setQuantity(sku, quantity)),
      remove: async (sku) => showCart(await keeper.remove(sku)),
      reload: reloadCart,
    }),
    [cartState, keeper, showCart, reloadCart],
  );

  const refreshUnread = useCallback(() => setUnreadGeneration((n) => n + 1), []);
  const unreadValue = useMemo<UnreadValue>(() => ({ unread, refreshUnread }), [unread, refreshUnread]);

  return (
    <ClientContext.Provider value={client}>
      <RegionContext.Provider value={region}>
        <SessionContext.Provider value={session}>
          <CartContext.Provider value={cart}>
            <UnreadContext.Provider value={unreadValue}>
              {/* Screens wait for the region, so a shopper who chose euros never sees dollars first. */}
              {region.ready ? children : <Loading label="Loading the shop" />}
            </UnreadContext.Provider>
          </CartContext.Provider>
        </SessionContext.Provider>
      </RegionContext.Provider>
    </ClientContext.Provider>
  );
}
