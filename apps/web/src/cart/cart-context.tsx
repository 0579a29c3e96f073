// The shopper's cart for the whole app: which cart this browser holds (guest or account), its
// current contents through TanStack Query, the line commands, the merge at sign-in, and the
// price/availability notices that must stay visible until dismissed.
import { ApiError, type Cart } from '@emporium/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';
import { useAuth } from '../auth/auth-context';
import { useRegion } from '../region/region-context';
import {
  type CartRef,
  itemCount,
  onUserChange,
  type PriceChanges,
  readCartRef,
  rememberNotices,
  rememberPriceChanges,
  writeCartRef,
} from './cart-state';

interface CartState {
  cart: Cart | null | undefined;
  isLoading: boolean;
  error: unknown;
  itemCount: number;
  notices: string[];
  priceChanges: PriceChanges;
  dismissNotices(): void;
  add(sku: string, quantity: number): Promise<Cart>;
  setQuantity(sku: string, quantity: number): Promise<Cart>;
  remove(sku: string): Promise<Cart>;
  /** After a confirmed order the cart is spent; the next add starts a new one. */
  forget(): void;
}

const CartContext = createContext<CartState | null>(null);

// The cart is gone or closed (checked out, merged, someone else's): start afresh rather than fail.
const isStale = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 403 || error.slug === 'cart-closed');

export function CartProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user, ready } = useAuth();
  // The cart is shown in the region's currency: a switch of region re-reads it in the new one.
  const { currency } = useRegion();
  const userId = user?.id ?? null;
  const [ref, setRefState] = useState<CartRef | null>(() => readCartRef(localStorage));
  const [notices, setNotices] = useState<string[]>([]);
  const [priceChanges, setPriceChanges] = useState<PriceChanges>({});
  const [merging, setMerging] = useState(false);

  const setRef = useCallback((next: CartRef | null) => {
    writeCartRef(localStorage, next);
    setRefState(next);
  }, []);

  const queryKey = useMemo(
    () => ['cart', userId, ref?.cartId ?? null, currency] as const,
    [userId, ref?.cartId, currency],
  );

  const receive = useCallback(
    (cart: Cart) => {
      setNotices((previous) => rememberNotices(previous, cart));
      setPriceChanges((previous) => rememberPriceChanges(previous, cart));
      queryClient.setQueryData(['cart', userId, cart.cartId, cart.currency], cart);
      if (cart.cartId !== ref?.cartId) setRef({ cartId: cart.cartId, userId });
      return cart;
    },
    [queryClient, ref?.cartId, setRef, userId],
  );

  // Sign-in merges the guest cart into the account's; sign-out or a switch of account drops it.
  useEffect(() => {
    if (!ready) return;
    const action = onUserChange(ref, userId);
    if (action === 'drop') {
      setRef(null);
      setNotices([]);
      setPriceChanges({});
    } else if (action === 'merge' && ref && !merging) {
      setMerging(true);
      api.cart
        .merge(ref.cartId, currency)
        .catch((error) => (isStale(error) ? api.cart.mine(currency) : Promise.reject(error)))
        .then((cart) => {
          setRef({ cartId: cart.cartId, userId });
          receive(cart);
        })
        .catch(() => setRef(null))
        .finally(() => setMerging(false));
    }
  }, [api, ready, ref, userId, merging, receive, setRef, currency]);

  const mergePending = merging || (ready && onUserChange(ref, userId) !== 'keep');
  const query = useQuery({
    queryKey,
    enabled: ready && !mergePending,
    queryFn: async (): Promise<Cart | null> => {
      if (ref) {
        try {
          const cart = await api.cart.get(ref.cartId, currency);
          if (cart.status === 'active') return cart;
        } catch (error) {
          if (!isStale(error)) throw error;
        }
        setRef(null);
      }
      return userId ? api.cart.mine(currency) : null;
    },
  });

  useEffect(() => {
    if (query.data) receive(query.data);
  }, [query.data, receive]);

  /** Runs a line command on the held cart, creating one first, and once more on a fresh cart if it went stale. */
  const command = useCallback(
    async (run: (cartId: string) => Promise<Cart>, createIfMissing: boolean): Promise<Cart> => {
      const ensure = async () => (await api.cart.create(currency)).cartId;
      let cartId = ref?.cartId ?? (createIfMissing ? await ensure() : undefined);
      if (!cartId) throw new Error('There is no cart yet.');
      try {
        return receive(await run(cartId));
      } catch (error) {
        if (!createIfMissing || !isStale(error)) throw error;
        cartId = await ensure();
        return receive(await run(cartId));
      }
    },
    [api, ref?.cartId, receive, currency],
  );

  const value = useMemo<CartState>(
    () => ({
      cart: query.data,
      // Until the session is resumed and the cart read, "empty" would be a guess: say loading.
      isLoading: !ready || mergePending || query.isPending,
      error: query.error,
      itemCount: itemCount(query.data),
      notices,
      priceChanges,
      dismissNotices: () => {
        setNotices([]);
        setPriceChanges({});
      },
      add: (sku, quantity) => command((id) => api.cart.addLine(id, sku, quantity, currency), true),
      setQuantity: (sku, quantity) =>
        command((id) => api.cart.setQuantity(id, sku, quantity, currency), false),
      remove: (sku) => command((id) => api.cart.removeLine(id, sku, currency), false),
      forget: () => {
        setRef(null);
        setNotices([]);
        setPriceChanges({});
        queryClient.removeQueries({ queryKey: ['cart'] });
      },
    }),
    [
      query.data,
      query.isPending,
      query.error,
      ready,
      mergePending,
      notices,
      priceChanges,
      command,
      api,
      currency,
      setRef,
      queryClient,
    ],
  );

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error('useCart needs a <CartProvider> above it');
  return state;
}
