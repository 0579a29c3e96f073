// Which cart this device shows, and the cart calls around it. A guest's cart is known only by its
// id, so the id is kept in device storage: it survives restarts, and at sign-in the guest cart is
// merged into the account's cart through the order service's merge route. Every read asks for the
// cart in the shopper's region's currency, so its prices match the catalog's.
import { ApiError, type Cart, type EmporiumClient, type TokenStorage } from '@emporium/api-client';

export const CART_ID_KEY = 'emporium.cartId';

type CartApi = EmporiumClient['cart'];

/** The stored cart is gone or closed (merged, checked out, someone else's): start a new one. */
function cartIsGone(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 404 || error.status === 403 || error.slug === 'conflict')
  );
}

export class CartKeeper {
  constructor(
    private readonly api: CartApi,
    private readonly storage: TokenStorage,
    /** The currency to show the cart in now (the region's); read at each call. */
    private readonly currency: () => string | undefined = () => undefined,
  ) {}

  /** The cart to show now: the account's when signed in, else the stored guest cart, else none yet. */
  async current(signedIn: boolean): Promise<Cart | null> {
    if (signedIn) return this.remember(await this.api.mine(this.currency()));
    const cartId = await this.storage.getItem(CART_ID_KEY);
    if (!cartId) return null;
    try {
      const cart = await this.api.get(cartId, this.currency());
      if (cart.status === 'active') return cart;
    } catch (error) {
      if (!cartIsGone(error)) throw error;
    }
    await this.forget();
    return null;
  }

  /** Adds a line, creating the cart on the first add. */
  async add(sku: string, quantity: number): Promise<Cart> {
    const cartId = (await this.storage.getItem(CART_ID_KEY)) ?? (await this.startCart());
    try {
      return await this.api.addLine(cartId, sku, quantity, this.currency());
    } catch (error) {
      if (!cartIsGone(error)) throw error;
      return this.api.addLine(await this.startCart(), sku, quantity, this.currency());
    }
  }

  async setQuantity(sku: string, quantity: number): Promise<Cart> {
    return this.api.setQuantity(await this.requireCartId(), sku, quantity, this.currency());
  }

  async remove(sku: string): Promise<Cart> {
    return this.api.removeLine(await this.requireCartId(), sku, this.currency());
  }

  /**
   * Right after sign-in: the guest cart's lines join the account's cart, whose id replaces the
   * guest one. A guest cart that can no longer be merged (already merged, checked out) is dropped.
   */
  async adoptAfterSignIn(): Promise<Cart> {
    const guestCartId = await this.storage.getItem(CART_ID_KEY);
    if (guestCartId) {
      try {
        return await this.remember(await this.api.merge(guestCartId, this.currency()));
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
      }
    }
    return this.remember(await this.api.mine(this.currency()));
  }

  /** After sign-out the account keeps its cart; this device starts again as a guest. */
  forget(): Promise<void> {
    return Promise.resolve(this.storage.removeItem(CART_ID_KEY));
  }

  async cartId(): Promise<string | null> {
    return this.storage.getItem(CART_ID_KEY);
  }

  private async requireCartId(): Promise<string> {
    const cartId = await this.storage.getItem(CART_ID_KEY);
    if (!cartId) throw new Error('There is no cart on this device yet.');
    return cartId;
  }

  private async startCart(): Promise<string> {
    return (await this.remember(await this.api.create(this.currency()))).cartId;
  }

  private async remember(cart: Cart): Promise<Cart> {
    await this.storage.setItem(CART_ID_KEY, cart.cartId);
    return cart;
  }
}
