// A stand-in for the API gateway in component tests: the routes the screens call, state in
// memory, answers shaped like the services' (types from @emporium/api-client), problem+json on
// refusals. It records every call so tests can assert what reached "the server".
// It is kept for the screens' states the real platform cannot be brought to on cue: an answer lost
// on the way back (a retry with the same key), an order held in checkout while the screen
// watches, a refresh token refused mid-session, a gateway that does not answer. The shopper's
// journey against the real services is real-platform.test.ts.
import {
  type AuthUser,
  type Cart,
  type CartTotals,
  type ExchangeableLine,
  type ExchangeRequest,
  type FeedNotification,
  type Order,
  type Product,
  type Region,
  shippingCost,
} from '@emporium/api-client';
import { products as catalog, categories, summaryOf } from './catalog-fixtures';

export interface RecordedCall {
  method: string;
  path: string;
  search: URLSearchParams;
  body: unknown;
  authorization: string | null;
  idempotencyKey: string | null;
}

export interface StoredCart {
  cartId: string;
  userId?: string;
  status: Cart['status'];
  lines: { sku: string; quantity: number }[];
}

interface Account {
  password: string;
  user: AuthUser;
}

const PROBLEMS = 'https://emporium.dev/problems/';
/** The card the sandbox provider declines (services/payment/README.md lists the test cards). */
export const DECLINED_CARD = '4000000000000002';

/** The fake's only region; shipping to the US and to Great Britain, prices without tax. */
const US_REGION: Region = {
  id: '00000000-0000-4000-8000-00000000a001',
  code: 'us',
  name: 'United States',
  currency: 'USD',
  countries: ['US', 'GB'],
  taxInclusive: false,
  taxOnShipping: false,
  returnWindowDays: 30,
};

type Handler = (call: RecordedCall, match: RegExpExecArray) => Response | Promise<Response>;

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
const problem = (status: number, slug: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: PROBLEMS + slug, title: slug, status, detail, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

/** The name of the fake region's pickup option, which orders collected there carry. */
export const PICKUP_NAME = 'Click and collect';

/** The fake region's active shipping options, as the pricing service lists them. */
function shippingOptions(pickup: boolean) {
  // The rules the totals route's shippingCost charges.
  const option = (code: string, name: string, rule: object, n: number) => ({
    id: `00000000-0000-4000-8000-00000000b00${n}`,
    regionId: US_REGION.id,
    code,
    name,
    taxClass: 'standard',
    active: true,
    rule,
  });
  return [
    option('standard', 'Standard', { kind: 'free_over', amount: 495, freeFrom: 5000 }, 1),
    option('express', 'Express', { kind: 'flat', amount: 1495 }, 2),
    ...(pickup ? [option('pickup', PICKUP_NAME, { kind: 'pickup' }, 3)] : []),
  ];
}

/** `pickup`: the region offers collection (free); without it, a pickup is not offered, as in the US. */
export function fakeGateway(options: { products?: Product[]; pickup?: boolean } = {}) {
  const products = options.products ?? catalog;
  const calls: RecordedCall[] = [];
  const carts = new Map<string, StoredCart>();
  const orders = new Map<string, Order & { owner?: string }>();
  const orderByKey = new Map<string, string>();
  const accounts = new Map<string, Account>();
  const accessTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const notifications = new Map<string, (FeedNotification & { userId: string })[]>();
  const exchangeOptions = new Map<string, ExchangeableLine[]>();
  const exchangeByKey = new Map<string, string>();
  let offline = false;
  let loseNextAnswer = false;
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}-${String(++sequence).padStart(4, '0')}`;
  const uuid = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

  const variant = (sku: string) => {
    for (const product of products) {
      const found = product.variants.find((v) => v.sku === sku);
      if (found) return { product, variant: found };
    }
    return undefined;
  };
  const userOf = (call: RecordedCall) => accessTokens.get(call.authorization?.replace(/^Bearer /, '') ?? '');

  function session(user: AuthUser) {
    const accessToken = nextId('access');
    const refreshToken = nextId('refresh');
    accessTokens.set(accessToken, user.id);
    refreshTokens.set(refreshToken, user.id);
    return { accessToken, refreshToken, expiresIn: 900, user };
  }

  function cartView(cart: StoredCart): Cart {
    const lines = cart.lines.map(({ sku, quantity }) => {
      const { product, variant: v } = variant(sku)!;
      return {
        sku,
        productId: product.id,
        title: `${product.title} — ${v.title}`,
        quantity,
        unitPrice: v.price!,
        lineTotal: { amount: v.price!.amount * quantity, currency: v.price!.currency },
        available: v.available,
        availability: v.available >= quantity ? ('in_stock' as const) : ('insufficient_stock' as const),
      };
    });
    const subtotal = lines.length
      ? { amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0), currency: 'USD' }
      : null;
    return {
      cartId: cart.cartId,
      status: cart.status,
      currency: 'USD',
      lines,
      subtotal,
      notices: [],
      ...(cart.userId ? { userId: cart.userId } : {}),
    };
  }

  function accessibleCart(call: RecordedCall, cartId: string): StoredCart | Response {
    const cart = carts.get(cartId);
    if (!cart) return problem(404, 'not-found', `Cart ${cartId} was not found.`);
    if (cart.userId && cart.userId !== userOf(call))
      return problem(403, 'forbidden', 'This cart belongs to another account.');
    if (cart.status !== 'active') return problem(409, 'conflict', 'This cart was already checked out.');
    return cart;
  }

  function activeCartOf(userId: string): StoredCart {
    const existing = [...carts.values()].find((c) => c.userId === userId && c.status === 'active');
    if (existing) return existing;
    const created: StoredCart = { cartId: uuid(), userId, status: 'active', lines: [] };
    carts.set(created.cartId, created);
    return created;
  }

  function addLine(cart: StoredCart, sku: string, quantity: number): Response | undefined {
    const found = variant(sku);
    if (!found) return problem(422, 'product-unavailable', `There is no product on sale with SKU ${sku}.`);
    const line = cart.lines.find((l) => l.sku === sku);
    const wanted = (line?.quantity ?? 0) + quantity;
    if (wanted > found.variant.available) {
      return problem(
        409,
        'insufficient-stock',
        `Only ${found.variant.available} of ${found.product.title} left.`,
      );
    }
    if (line) line.quantity = wanted;
    else cart.lines.push({ sku, quantity });
    return undefined;
  }

  function placeOrder(call: RecordedCall): Response {
    const key = call.idempotencyKey;
    if (!key) {
      return problem(
        400,
        'validation',
        "headers.idempotency-key must have required property 'idempotency-key'",
        {
          errors: [
            { field: 'headers.idempotency-key', message: "must have required property 'idempotency-key'" },
          ],
        },
      );
    }
    const replayed = orderByKey.get(key);
    if (replayed) return answerFor(orders.get(replayed)!, 200);
    const body = call.body as {
      cartId: string;
      email: string;
      shippingAddress: Order['shippingAddress'];
      shippingMethod: Order['shippingMethod'];
      paymentToken: string;
    };
    const cart = accessibleCart(call, body.cartId);
    if (cart instanceof Response) return cart;
    if (cart.lines.length === 0) return problem(422, 'cart-empty', 'Your cart is empty.');
    const view = cartView(cart);
    const declined = body.paymentToken === DECLINED_CARD;
    const at = new Date().toISOString();
    const orderId = uuid();
    const userId = userOf(call);
    const order: Order & { owner?: string } = {
      orderId,
      orderNumber: `EM-${1000 + orders.size + 1}`,
      status: declined ? 'checkout_failed' : 'confirmed',
      email: body.email,
      lines: view.lines.map((line) => ({
        sku: line.sku,
        productId: line.productId!,
        title: line.title,
        quantity: line.quantity,
        unitPrice: line.unitPrice!,
        lineTotal: line.lineTotal!,
      })),
      totals: {
        subtotal: view.subtotal!,
        shipping: { amount: 495, currency: 'USD' },
        tax: { amount: 0, currency: 'USD' },
        total: { amount: view.subtotal!.amount + 495, currency: 'USD' },
      },
      refunded: { amount: 0, currency: 'USD' },
      shippingMethod: body.shippingMethod,
      ...(body.shippingMethod === 'pickup' ? { shippingName: PICKUP_NAME } : {}),
      shippingAddress: body.shippingAddress,
      billingAddress: body.shippingAddress,
      fulfillmentStatus: 'unfulfilled',
      shipments: [],
      returns: [],
      timeline: [
        { from: null, to: 'pending', reason: 'Order placed', actor: 'guest', at },
        declined
          ? { from: 'pending', to: 'checkout_failed', reason: 'Payment declined', actor: 'checkout', at }
          : {
              from: 'pending',
              to: 'confirmed',
              reason: 'Payment authorized and stock committed',
              actor: 'system',
              at,
            },
      ],
      createdAt: at,
      updatedAt: at,
      ...(declined
        ? {
            cancellation: {
              code: 'card_declined',
              reason:
                'Your payment was declined: Your card was declined. Your card was not charged and nothing was reserved.',
            },
          }
        : {}),
      ...(userId ? { userId, owner: userId } : {}),
    };
    if (!declined) cart.status = 'converted';
    orders.set(orderId, order);
    orderByKey.set(key, orderId);
    return answerFor(order, 201);
  }

  /** A refused checkout answers as the order service does: a problem with the reason, no order. */
  function answerFor(order: Order, status: number): Response {
    if (order.status !== 'checkout_failed') return json(status, order);
    return problem(402, 'payment-declined', order.cancellation!.reason, {
      ...order.cancellation,
      attemptId: order.orderId,
    });
  }

  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/categories$/, () => json(200, { categories })],
    // One region, so the app has nothing to choose; regions, their tax and coupons are exercised
    // against the real platform (real-platform.test.ts).
    ['GET', /^\/regions$/, () => json(200, { regions: [US_REGION] })],
    [
      'GET',
      /^\/regions\/([0-9a-f-]{36})\/shipping-options$/,
      (_call, [, regionId]) =>
        regionId === US_REGION.id
          ? json(200, { shippingOptions: shippingOptions(options.pickup === true) })
          : problem(404, 'not-found', 'There is no such region.'),
    ],
    [
      'GET',
      /^\/cart\/([0-9a-f-]{36})\/totals$/,
      (call, [, cartId]) => {
        const cart = accessibleCart(call, cartId!);
        if (cart instanceof Response) return cart;
        if (call.search.get('country') !== 'US' && call.search.get('country') !== 'GB')
          return problem(422, 'country-not-served', 'The shop does not deliver to this country.');
        const coupon = call.search.get('coupon');
        if (coupon)
          return problem(422, 'coupon-unknown-code', `There is no coupon ${coupon}.`, {
            errors: [{ field: 'querystring.coupon', message: 'unknown code' }],
          });
        const view = cartView(cart);
        const subtotal = view.subtotal ?? { amount: 0, currency: 'USD' };
        const asked = call.search.get('shippingMethod');
        if (asked === 'pickup' && !options.pickup)
          return problem(422, 'shipping-option-unavailable', 'This region offers no pickup.');
        const shippingMethod = asked === 'express' || asked === 'pickup' ? asked : 'standard';
        const shipping = shippingCost(shippingMethod, subtotal);
        const zero = { amount: 0, currency: 'USD' };
        return json(200, {
          subtotal,
          discount: zero,
          promotions: [],
          shipping,
          shippingMethod,
          tax: zero,
          taxInclusive: false,
          total: { amount: subtotal.amount + shipping.amount, currency: 'USD' },
          lines: view.lines.flatMap(({ sku, quantity, unitPrice, lineTotal }) =>
            unitPrice && lineTotal
              ? [{ sku, quantity, unitPrice, listPrice: unitPrice, lineTotal, discount: zero, tax: zero }]
              : [],
          ),
        } satisfies CartTotals);
      },
    ],
    [
      'GET',
      /^\/products$/,
      ({ search }) => {
        const q = search.get('q')?.toLowerCase();
        const category = search.get('category');
        const matching = products.filter(
          (p) =>
            (!category || p.categoryPath.includes(category) || p.category === category) &&
            (!q || `${p.title} ${p.brand}`.toLowerCase().includes(q)),
        );
        const start = Number(search.get('cursor') ?? 0);
        const limit = Number(search.get('limit') ?? 20);
        const page = matching.slice(start, start + limit);
        const next = start + limit < matching.length ? String(start + limit) : null;
        return json(200, {
          items: page.map(summaryOf),
          facets: { categories: {}, brands: {}, attributes: {}, price: { min: 0, max: 0 }, inStock: 0 },
          total: matching.length,
          nextCursor: next,
          mediaBase: '/api/v1/media',
        });
      },
    ],
    [
      'GET',
      /^\/products\/([a-z0-9-]+)$/,
      (_, [, slug]) => {
        const product = products.find((p) => p.slug === slug);
        return product ? json(200, product) : problem(404, 'not-found', `Product ${slug} was not found.`);
      },
    ],
    [
      'POST',
      /^\/cart$/,
      (call) => {
        const userId = userOf(call);
        if (userId) return json(200, cartView(activeCartOf(userId)));
        const cart: StoredCart = { cartId: uuid(), status: 'active', lines: [] };
        carts.set(cart.cartId, cart);
        return json(201, cartView(cart));
      },
    ],
    [
      'GET',
      /^\/cart$/,
      (call) => {
        const userId = userOf(call);
        return userId
          ? json(200, cartView(activeCartOf(userId)))
          : problem(401, 'unauthorized', 'Sign in first.');
      },
    ],
    [
      'POST',
      /^\/cart\/merge$/,
      (call) => {
        const userId = userOf(call);
        if (!userId) return problem(401, 'unauthorized', 'Sign in first.');
        const guest = accessibleCart(call, (call.body as { cartId: string }).cartId);
        if (guest instanceof Response) return guest;
        if (guest.userId) return problem(409, 'cart-not-guest', 'Only a guest cart can be merged.');
        const mine = activeCartOf(userId);
        for (const line of guest.lines) addLine(mine, line.sku, line.quantity);
        guest.status = 'merged';
        return json(200, cartView(mine));
      },
    ],
    [
      'GET',
      /^\/cart\/([0-9a-f-]{36})$/,
      (call, [, cartId]) => {
        const cart = carts.get(cartId!);
        if (!cart) return problem(404, 'not-found', `Cart ${cartId} was not found.`);
        if (cart.userId && cart.userId !== userOf(call)) return problem(403, 'forbidden', 'Not your cart.');
        return json(200, cartView(cart));
      },
    ],
    [
      'POST',
      /^\/cart\/([0-9a-f-]{36})\/lines$/,
      (call, [, cartId]) => {
        const cart = accessibleCart(call, cartId!);
        if (cart instanceof Response) return cart;
        const { sku, quantity } = call.body as { sku: string; quantity: number };
        return addLine(cart, sku, quantity) ?? json(200, cartView(cart));
      },
    ],
    [
      'PUT',
      /^\/cart\/([0-9a-f-]{36})\/lines\/([^/]+)$/,
      (call, [, cartId, sku]) => {
        const cart = accessibleCart(call, cartId!);
        if (cart instanceof Response) return cart;
        const line = cart.lines.find((l) => l.sku === sku);
        if (!line) return problem(404, 'not-found', `Line ${sku} in this cart was not found.`);
        line.quantity = (call.body as { quantity: number }).quantity;
        return json(200, cartView(cart));
      },
    ],
    [
      'DELETE',
      /^\/cart\/([0-9a-f-]{36})\/lines\/([^/]+)$/,
      (call, [, cartId, sku]) => {
        const cart = accessibleCart(call, cartId!);
        if (cart instanceof Response) return cart;
        cart.lines = cart.lines.filter((l) => l.sku !== sku);
        return json(200, cartView(cart));
      },
    ],
    ['POST', /^\/orders$/, placeOrder],
    [
      'GET',
      /^\/orders$/,
      (call) => {
        const userId = userOf(call);
        if (!userId) return problem(401, 'unauthorized', 'Sign in first.');
        // Failed checkout attempts are not orders: the history leaves them out.
        const mine = [...orders.values()]
          .filter((o) => o.owner === userId && o.status !== 'checkout_failed')
          .reverse();
        return json(200, {
          orders: mine.map((o) => ({
            orderId: o.orderId,
            orderNumber: o.orderNumber,
            status: o.status,
            email: o.email,
            total: o.totals.total,
            itemCount: o.lines.reduce((n, l) => n + l.quantity, 0),
            createdAt: o.createdAt,
          })),
        });
      },
    ],
    [
      'GET',
      /^\/orders\/([0-9a-f-]{36})$/,
      (_, [, orderId]) => {
        const order = orders.get(orderId!);
        if (!order) return problem(404, 'not-found', `Order ${orderId} was not found.`);
        const { owner: _owner, ...visible } = order;
        return json(200, visible);
      },
    ],
    [
      'GET',
      /^\/orders\/([0-9a-f-]{36})\/exchange-options$/,
      (_, [, orderId]) => {
        if (!orders.has(orderId!)) return problem(404, 'not-found', `Order ${orderId} was not found.`);
        return json(200, { lines: exchangeOptions.get(orderId!) ?? [] });
      },
    ],
    [
      'POST',
      /^\/orders\/([0-9a-f-]{36})\/exchanges$/,
      (call, [, orderId]) => {
        const order = orders.get(orderId!);
        if (!order) return problem(404, 'not-found', `Order ${orderId} was not found.`);
        const body = call.body as ExchangeRequest;
        const { owner: _owner, ...visible } = order;
        const replayed = exchangeByKey.get(call.idempotencyKey ?? '');
        if (replayed) return json(200, { ...visible, returnId: replayed });
        const line = (exchangeOptions.get(orderId!) ?? []).find((l) => l.sku === body.sku);
        const replacement = line?.replacements.find((r) => r.sku === body.replacementSku);
        if (!line || !replacement) {
          return problem(400, 'validation', 'Invalid request', {
            errors: [{ field: line ? 'body.replacementSku' : 'body.sku', message: 'is not on offer' }],
          });
        }
        const difference = replacement.difference.amount * body.quantity;
        if (difference > 0 && !body.paymentToken) {
          return problem(400, 'validation', 'Invalid request', {
            errors: [{ field: 'body.paymentToken', message: 'is required' }],
          });
        }
        if (body.paymentToken === DECLINED_CARD) {
          return problem(402, 'payment-declined', 'Your card was declined.');
        }
        const returnId = uuid();
        exchangeByKey.set(call.idempotencyKey ?? returnId, returnId);
        const title = order.lines.find((l) => l.sku === body.sku)?.title ?? body.sku;
        const updated = {
          ...order,
          returns: [
            ...order.returns,
            {
              returnId,
              number: order.returns.length + 1,
              kind: 'exchange' as const,
              status: 'requested' as const,
              reason: body.reason,
              lines: [{ sku: body.sku, title, quantity: body.quantity }],
              replacement: { sku: replacement.sku, title: replacement.title, quantity: body.quantity },
              ...(difference > 0
                ? { charge: { amount: difference, currency: order.totals.total.currency } }
                : {}),
              ...(difference < 0
                ? { refund: { amount: -difference, currency: order.totals.total.currency } }
                : {}),
              refundShipping: false,
              createdAt: new Date().toISOString(),
            },
          ],
        };
        orders.set(orderId!, updated);
        // The unit is claimed by the exchange: nothing of it is left to offer.
        exchangeOptions.set(
          orderId!,
          (exchangeOptions.get(orderId!) ?? []).flatMap((l) =>
            l.sku !== body.sku
              ? [l]
              : l.returnable > body.quantity
                ? [{ ...l, returnable: l.returnable - body.quantity }]
                : [],
          ),
        );
        const { owner: _o, ...answer } = updated;
        return json(201, { ...answer, returnId });
      },
    ],
    [
      'POST',
      /^\/auth\/register$/,
      (call) => {
        const { email, password } = call.body as { email: string; password: string };
        if (accounts.has(email))
          return problem(409, 'email-taken', 'An account with this e-mail already exists.');
        const user: AuthUser = { id: uuid(), email, roles: ['customer'], emailVerified: false };
        accounts.set(email, { password, user });
        return json(201, session(user));
      },
    ],
    [
      'POST',
      /^\/auth\/login$/,
      (call) => {
        const { email, password } = call.body as { email: string; password: string };
        const account = accounts.get(email);
        if (!account || account.password !== password)
          return problem(401, 'invalid-credentials', 'Wrong e-mail or password.');
        return json(200, session(account.user));
      },
    ],
    [
      'POST',
      /^\/auth\/refresh$/,
      (call) => {
        const token = (call.body as { refreshToken: string }).refreshToken;
        const userId = refreshTokens.get(token);
        if (!userId) return problem(401, 'invalid-refresh-token', 'Sign in again.');
        refreshTokens.delete(token);
        const account = [...accounts.values()].find((a) => a.user.id === userId)!;
        return json(200, session(account.user));
      },
    ],
    [
      'POST',
      /^\/auth\/logout$/,
      (call) => {
        refreshTokens.delete((call.body as { refreshToken: string }).refreshToken);
        return json(204, null);
      },
    ],
    [
      'GET',
      /^\/notifications$/,
      (call) => {
        const userId = userOf(call);
        if (!userId) return problem(401, 'unauthorized', 'Sign in first.');
        return json(200, { items: notifications.get(userId) ?? [], nextCursor: null });
      },
    ],
    [
      'GET',
      /^\/notifications\/unread-count$/,
      (call) => {
        const userId = userOf(call);
        if (!userId) return problem(401, 'unauthorized', 'Sign in first.');
        return json(200, {
          unread: (notifications.get(userId) ?? []).filter((n) => n.readAt === null).length,
        });
      },
    ],
    [
      'POST',
      /^\/notifications\/([0-9a-f-]{36})\/read$/,
      (call, [, id]) => {
        const item = (notifications.get(userOf(call) ?? '') ?? []).find((n) => n.id === id);
        if (!item) return problem(404, 'not-found', `Notification ${id} was not found.`);
        item.readAt ??= new Date().toISOString();
        return json(200, item);
      },
    ],
  ];

  async function fetch(request: Request): Promise<Response> {
    if (offline) throw new TypeError('Network request failed');
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const text = request.method === 'GET' || request.method === 'DELETE' ? '' : await request.text();
    const call: RecordedCall = {
      method: request.method,
      path,
      search: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      authorization: request.headers.get('authorization'),
      idempotencyKey: request.headers.get('idempotency-key'),
    };
    calls.push(call);
    for (const [method, pattern, handle] of routes) {
      const match = method === request.method ? pattern.exec(path) : null;
      if (!match) continue;
      const answer = await handle(call, match);
      if (!loseNextAnswer) return answer;
      loseNextAnswer = false;
      throw new TypeError('Network request failed');
    }
    return problem(404, 'not-found', `No route ${request.method} ${path}`);
  }

  return {
    fetch,
    calls,
    /** Calls to one path, e.g. `callsTo('POST', '/cart/merge')`. */
    callsTo: (method: string, path: string | RegExp) =>
      calls.filter(
        (c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
      ),
    /** What the shop's fulfilment does to an order: its parcels, returns and states as given. */
    ship(
      orderId: string,
      change: Pick<Order, 'shipments' | 'fulfillmentStatus'> & Partial<Pick<Order, 'status' | 'returns'>>,
    ) {
      const order = orders.get(orderId)!;
      orders.set(orderId, { ...order, ...change });
    },
    /** The other variants a delivered order's lines may be exchanged for, as the order service offers them. */
    offerExchanges(orderId: string, lines: ExchangeableLine[]) {
      exchangeOptions.set(orderId, lines);
    },
    registerAccount(email: string, password: string): AuthUser {
      const user: AuthUser = { id: uuid(), email, roles: ['customer'], emailVerified: true };
      accounts.set(email, { password, user });
      return user;
    },
    notify(userId: string, title: string, link: string | null = null) {
      const list = notifications.get(userId) ?? [];
      list.unshift({
        id: uuid(),
        userId,
        kind: 'order_confirmed',
        title,
        body: `${title}.`,
        link,
        createdAt: new Date().toISOString(),
        readAt: null,
      });
      notifications.set(userId, list);
    },
    /** The next request is handled, but its answer never reaches the app (a dropped connection). */
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    /** While offline, every request fails as it does on a phone without a connection. */
    setOffline(value: boolean) {
      offline = value;
    },
    cart: (cartId: string) => carts.get(cartId),
    activeCartOf,
    isRefreshTokenLive: (token: string) => refreshTokens.has(token),
  };
}

export type FakeGateway = ReturnType<typeof fakeGateway>;
