// The public REST API: which `/api/v1` prefix goes to which service, and who may call it.
// Anything not listed here (notably `/internal/*`) is never proxied.

export type UpstreamName = 'auth' | 'user' | 'product' | 'order' | 'payment' | 'notification' | 'pricing';

/** public: anyone (a valid token is still read, for per-user limits); customer: signed in; admin: admin role. */
export type Access = 'public' | 'customer' | 'admin';

export interface PublicRoute {
  /** Path prefix on the service; the gateway serves it under `/api/v1`. Matches itself and `prefix/…`. */
  prefix: string;
  upstream: UpstreamName;
  access: Access;
  /**
   * Instead of the general quota. credentials: the tight per-IP limit that slows password
   * guessing. checkout: placing an order (POST) counts against a tight quota, since card testers
   * try stolen card numbers one small order at a time; other methods count as usual.
   */
  limit?: 'credentials' | 'checkout';
  /** Server-sent events: no upstream timeout, no buffering, token also accepted as `?access_token=`. */
  stream?: boolean;
  /** Largest request body, instead of BODY_LIMIT_BYTES (image uploads are larger than JSON). */
  bodyLimitBytes?: number;
}

/** The product service's own upload limit (MEDIA_MAX_BYTES) decides; this only lets it through. */
const IMAGE_UPLOAD_BODY_LIMIT = 32 * 1024 * 1024;

export const API_PREFIX = '/api/v1';

export const publicRoutes: readonly PublicRoute[] = [
  { prefix: '/auth', upstream: 'auth', access: 'public' },
  { prefix: '/auth/login', upstream: 'auth', access: 'public', limit: 'credentials' },
  { prefix: '/auth/register', upstream: 'auth', access: 'public', limit: 'credentials' },
  // forgot, reset and change: all guessable with a stolen e-mail address.
  { prefix: '/auth/password', upstream: 'auth', access: 'public', limit: 'credentials' },
  { prefix: '/.well-known/jwks.json', upstream: 'auth', access: 'public' },
  { prefix: '/users/me', upstream: 'user', access: 'customer' },
  { prefix: '/products', upstream: 'product', access: 'public' },
  { prefix: '/categories', upstream: 'product', access: 'public' },
  // A shopper's own reviews (writing one goes through /products/{slug}/reviews, which checks the token).
  { prefix: '/reviews', upstream: 'product', access: 'customer' },
  { prefix: '/pages', upstream: 'product', access: 'public' },
  // Rendered product images: immutable, served with a year's Cache-Control.
  { prefix: '/media', upstream: 'product', access: 'public' },
  // Guests may fill a cart; the order service ties it to the shopper when a token comes along.
  { prefix: '/cart', upstream: 'order', access: 'public' },
  // Guests check out too: the order service lets anyone place an order and read one by its id (the
  // id is the guest's only credential, like a cart id) and itself refuses the order history with
  // 401 to a caller without a token. A stale token is passed on, so the service refuses it (401)
  // rather than turning a signed-in shopper's checkout into a guest order.
  { prefix: '/orders', upstream: 'order', access: 'public', limit: 'checkout' },
  { prefix: '/payments', upstream: 'payment', access: 'customer' },
  // Stripe calls this one; the payment service checks Stripe's signature over the raw body.
  { prefix: '/payments/webhooks/stripe', upstream: 'payment', access: 'public' },
  // Carriers report deliveries; the order service checks each carrier's signature over the raw body.
  { prefix: '/webhooks/carriers', upstream: 'order', access: 'public' },
  { prefix: '/notifications', upstream: 'notification', access: 'customer' },
  { prefix: '/regions', upstream: 'pricing', access: 'public' },
  // A signed-in shopper's token is passed on: their customer groups' price lists count.
  { prefix: '/prices', upstream: 'pricing', access: 'public' },
  { prefix: '/notifications/stream', upstream: 'notification', access: 'customer', stream: true },
  { prefix: '/admin/users', upstream: 'user', access: 'admin' },
  {
    prefix: '/admin/products',
    upstream: 'product',
    access: 'admin',
    bodyLimitBytes: IMAGE_UPLOAD_BODY_LIMIT,
  },
  { prefix: '/admin/stock', upstream: 'product', access: 'admin' },
  { prefix: '/admin/stock-locations', upstream: 'product', access: 'admin' },
  { prefix: '/admin/categories', upstream: 'product', access: 'admin' },
  { prefix: '/admin/reviews', upstream: 'product', access: 'admin' },
  { prefix: '/admin/pages', upstream: 'product', access: 'admin' },
  { prefix: '/admin/orders', upstream: 'order', access: 'admin' },
  { prefix: '/admin/payments', upstream: 'payment', access: 'admin' },
  { prefix: '/admin/notifications', upstream: 'notification', access: 'admin' },
  { prefix: '/admin/regions', upstream: 'pricing', access: 'admin' },
  { prefix: '/admin/promotions', upstream: 'pricing', access: 'admin' },
  { prefix: '/admin/customer-groups', upstream: 'pricing', access: 'admin' },
  { prefix: '/admin/price-lists', upstream: 'pricing', access: 'admin' },
];

/** The route owning a service path: the longest matching prefix, as the router would pick. */
export function routeForServicePath(path: string): PublicRoute | undefined {
  let best: PublicRoute | undefined;
  for (const route of publicRoutes) {
    const matches = path === route.prefix || path.startsWith(`${route.prefix}/`);
    if (matches && (!best || route.prefix.length > best.prefix.length)) best = route;
  }
  return best;
}
