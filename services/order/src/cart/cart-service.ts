// Cart use cases: guest carts (known by id) and signed-in users' carts, lines re-priced against
// the product service on every read, and the guest cart merged into the user's at login.
import { randomUUID } from 'node:crypto';
import type { Cart, CartTotals, CartTotalsQuery } from '@emporium/contracts/order';
import {
  HttpProblem,
  type Principal,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { cartAlreadyCheckedOut } from '../checkout/checkout-problems.js';
import type { PricingClient } from '../clients/pricing-client.js';
import { type ProductClient, priceIn, type Variant } from '../clients/product-client.js';
import { type CartLine, type CartRecord, cartsRepository as carts } from '../repositories/carts.js';
import { displayTitle, priceCart, regionLines } from './pricing.js';
import { quoteWithCoupon } from './quote-with-coupon.js';

/** What an empty cart is shown in when no currency is asked for: the catalog's default. */
const DEFAULT_CART_CURRENCY = 'USD';

/** The currency asked for, else the one the cart was last shown in. */
const viewCurrency = (rows: CartLine[], asked?: string) => asked ?? rows[0]?.currency;

export interface CartDeps {
  db: SqlDatabase;
  products: ProductClient;
  pricing: PricingClient;
}

/** A guest cart is open to whoever holds its id; a user's cart only to that user (or admin). */
function allow(cart: CartRecord | undefined, cartId: string, principal?: Principal): CartRecord {
  if (!cart) throw problems.notFound(`Cart ${cartId}`);
  if (cart.userId && cart.userId !== principal?.userId && !principal?.roles.includes('admin')) {
    throw problems.forbidden('This cart belongs to another account.');
  }
  return cart;
}

export function cartService({ db, products, pricing }: CartDeps) {
  async function access(
    tx: SqlExecutor,
    cartId: string,
    principal?: Principal,
    forUpdate = false,
  ): Promise<CartRecord> {
    return allow(await carts.find(tx, cartId, forUpdate), cartId, principal);
  }

  function requireOpen(cart: CartRecord): void {
    if (cart.status !== 'active') {
      throw problems.conflict(
        cart.status === 'converted'
          ? 'This cart was already checked out.'
          : 'This cart was merged into your account cart.',
        'cart-closed',
      );
    }
  }

  /**
   * The cart as locked for a change of its lines: open, and not being checked out. A checkout
   * charges the lines it read; a change while it runs is refused, not slipped past it.
   */
  async function lockedForChange(
    tx: SqlExecutor,
    cartId: string,
    principal?: Principal,
  ): Promise<CartRecord> {
    const cart = await access(tx, cartId, principal, true);
    requireOpen(cart);
    const orderId = await carts.checkoutOf(tx, cart.id);
    if (orderId) {
      throw new HttpProblem(
        409,
        'cart-checkout-in-progress',
        'Checkout in progress',
        'This cart is being checked out and cannot change until the checkout ends. If the checkout fails, the cart stays as it is and can be changed again.',
        { orderId },
      );
    }
    return cart;
  }

  async function view(cart: CartRecord, asked?: string): Promise<Cart> {
    const rows = await carts.lines(db, cart.id);
    const currency = viewCurrency(rows, asked) ?? DEFAULT_CART_CURRENCY;
    const variants = rows.length > 0 ? await products.variants(rows.map((r) => r.sku)) : new Map();
    const priced = priceCart(rows, variants, currency);
    // The shopper sees each price move once: from now on the new price is the one they know.
    await carts.markSeen(db, cart.id, currency, priced.seen);
    return {
      cartId: cart.id,
      ...(cart.userId ? { userId: cart.userId } : {}),
      status: cart.status,
      currency,
      lines: priced.lines,
      subtotal: priced.subtotal,
      notices: priced.notices,
    };
  }

  async function variantFor(sku: string) {
    const variant = (await products.variants([sku])).get(sku);
    if (variant?.status !== 'active') {
      throw problems.unprocessable(`There is no product on sale with SKU ${sku}.`, 'product-unavailable');
    }
    return variant;
  }

  /**
   * The price of `variant` the shopper sees as they change a line: in the currency asked for, else
   * the cart's, else (a first line) the variant's first. Not sold in it: a 409 naming the SKU.
   */
  function shownPrice(variant: Variant, rows: CartLine[], asked?: string) {
    const currency = viewCurrency(rows, asked) ?? variant.prices[0]?.currency ?? DEFAULT_CART_CURRENCY;
    const price = priceIn(variant, currency);
    if (!price) {
      throw new HttpProblem(
        409,
        'not-sold-in-currency',
        'Not sold in this currency',
        `${displayTitle(variant)} (${variant.sku}) is not sold in ${currency}.`,
        { skus: [variant.sku], currency },
      );
    }
    return price;
  }

  function insufficient(title: string, requested: number, available: number) {
    return new HttpProblem(
      409,
      'insufficient-stock',
      'Not enough stock',
      `Only ${available} of ${title} left; you asked for ${requested}.`,
      {
        unavailable: [{ requested, available }],
      },
    );
  }

  return {
    async create(principal?: Principal, currency?: string): Promise<{ cart: Cart; created: boolean }> {
      if (principal) {
        const existing = await carts.activeOfUser(db, principal.userId);
        if (existing) return { cart: await view(existing, currency), created: false };
      }
      const cart = await carts.create(db, randomUUID(), principal?.userId ?? null).catch(async (error) => {
        // Two first requests of one user raced: the other one created the cart.
        const existing = principal && (await carts.activeOfUser(db, principal.userId));
        if (existing) return existing;
        throw error;
      });
      return { cart: await view(cart, currency), created: true };
    },

    async mine(principal: Principal, currency?: string): Promise<Cart> {
      return (await this.create(principal, currency)).cart;
    },

    async get(cartId: string, principal?: Principal, currency?: string): Promise<Cart> {
      return view(await access(db, cartId, principal), currency);
    },

    /** What checkout would charge for the lines still on sale, at a destination, by the pricing service. */
    async totals(
      cartId: string,
      principal: Principal | undefined,
      query: CartTotalsQuery,
    ): Promise<CartTotals> {
      const cart = await access(db, cartId, principal);
      const rows = await carts.lines(db, cart.id);
      const variants = rows.length > 0 ? await products.variants(rows.map((r) => r.sku)) : new Map();
      const onSale = rows.filter((row) => variants.get(row.sku)?.status === 'active');
      if (onSale.length === 0) throw problems.unprocessable('Your cart is empty.', 'cart-empty');
      const currency = await pricing.currencyFor(query.country);
      if (!currency) {
        throw problems.unprocessable(`The shop does not sell to ${query.country}.`, 'country-not-served');
      }
      const lines = regionLines(onSale, variants, currency, query.country);
      const shippingMethod = query.shippingMethod ?? 'standard';
      const quote = await quoteWithCoupon(
        pricing,
        {
          currency,
          destination: { country: query.country, ...(query.region ? { subdivision: query.region } : {}) },
          shippingOption: shippingMethod,
          lines: lines.map(({ line, variant, unitPrice }) => ({
            sku: line.sku,
            unitPrice,
            quantity: line.quantity,
            taxClass: variant.taxClass,
            weightGrams: variant.weightGrams,
            productId: variant.productId,
          })),
          ...(query.coupon && { couponCode: query.coupon }),
          ...(principal && { customerId: principal.userId }),
        },
        'querystring.coupon',
      );
      const money = (amount: number) => ({ amount, currency });
      return {
        shippingMethod,
        taxInclusive: quote.taxInclusive,
        subtotal: money(quote.subtotal),
        shipping: money(quote.shipping.amount),
        tax: money(quote.tax),
        total: money(quote.total),
        discount: money(quote.discount),
        promotions: quote.promotions.map((p) => ({
          promotionId: p.promotionId,
          name: p.name,
          ...(p.code && { code: p.code }),
          amount: money(p.amount),
        })),
        lines: quote.lines.map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: money(line.unitPrice),
          listPrice: money(line.listPrice ?? line.unitPrice),
          lineTotal: money(line.subtotal),
          discount: money(line.discount),
          tax: money(line.tax),
          ...(line.priceList && { priceList: { name: line.priceList.name, type: line.priceList.type } }),
        })),
      };
    },

    async addLine(
      cartId: string,
      principal: Principal | undefined,
      sku: string,
      quantity: number,
      currency?: string,
    ): Promise<Cart> {
      const variant = await variantFor(sku);
      let shown = currency;
      const cart = await db.transaction(async (tx) => {
        const cart = await lockedForChange(tx, cartId, principal);
        const rows = await carts.lines(tx, cartId);
        const price = shownPrice(variant, rows, currency);
        shown = price.currency;
        const current = rows.find((l) => l.sku === sku)?.quantity ?? 0;
        if (current + quantity > variant.available) {
          throw insufficient(displayTitle(variant), current + quantity, variant.available);
        }
        await carts.addToLine(tx, cartId, {
          sku,
          quantity,
          seenUnitPrice: price.amount,
          currency: price.currency,
        });
        return cart;
      });
      return view(cart, shown);
    },

    async updateLine(
      cartId: string,
      principal: Principal | undefined,
      sku: string,
      quantity: number,
      currency?: string,
    ): Promise<Cart> {
      const variant = await variantFor(sku);
      if (quantity > variant.available)
        throw insufficient(displayTitle(variant), quantity, variant.available);
      let shown = currency;
      const cart = await db.transaction(async (tx) => {
        const cart = await lockedForChange(tx, cartId, principal);
        const price = shownPrice(variant, await carts.lines(tx, cartId), currency);
        shown = price.currency;
        const updated = await carts.setLine(tx, cartId, {
          sku,
          quantity,
          seenUnitPrice: price.amount,
          currency: price.currency,
        });
        if (!updated) throw problems.notFound(`Line ${sku} in this cart`);
        return cart;
      });
      return view(cart, shown);
    },

    async removeLine(
      cartId: string,
      principal: Principal | undefined,
      sku: string,
      currency?: string,
    ): Promise<Cart> {
      const cart = await db.transaction(async (tx) => {
        const cart = await lockedForChange(tx, cartId, principal);
        if (!(await carts.removeLine(tx, cartId, sku))) throw problems.notFound(`Line ${sku} in this cart`);
        return cart;
      });
      return view(cart, currency);
    },

    /** At login: the guest cart's lines join the user's cart (quantities add up). */
    async merge(guestCartId: string, principal: Principal, currency?: string): Promise<Cart> {
      const target = await db.transaction(async (tx) => {
        const guest = await access(tx, guestCartId, principal, true);
        let mine = await carts.activeOfUser(tx, principal.userId);
        if (guest.id === mine?.id) return mine;
        if (guest.userId) throw problems.conflict('Only a guest cart can be merged.', 'cart-not-guest');
        await lockedForChange(tx, guestCartId, principal);
        // The account's cart gains lines: it must not be in the middle of a checkout either.
        mine = mine
          ? await lockedForChange(tx, mine.id, principal)
          : await carts.create(tx, randomUUID(), principal.userId);
        // Lines last seen in another currency than the account cart's are shown in its currency
        // at the next read, like any cart shown in a new currency.
        for (const line of await carts.lines(tx, guest.id)) await carts.addToLine(tx, mine.id, line);
        await carts.setStatus(tx, guest.id, 'merged');
        return mine;
      });
      return view(target, currency);
    },

    /**
     * For checkout, which reads the cart (and the order holding its checkout claim) with its own
     * statement: the same access rules as a read; then a claimed cart answers with its order.
     */
    forCheckout(
      cart: CartRecord | undefined,
      cartId: string,
      principal?: Principal,
      claimedBy?: string,
    ): CartRecord {
      const allowed = allow(cart, cartId, principal);
      if (claimedBy) throw cartAlreadyCheckedOut(claimedBy);
      requireOpen(allowed);
      return allowed;
    },
  };
}

export type CartService = ReturnType<typeof cartService>;
