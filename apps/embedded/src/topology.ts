// Where each service listens and which embedded adapter it uses, as the environment variables
// its own config schema reads: the embedded mode is configuration, not a code path.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// EMPORIUM_PORT_BASE moves all the ports together (browser tests run a second platform).
const base = Number(process.env.EMPORIUM_PORT_BASE ?? 8080);
export const ports = {
  gateway: base,
  auth: base + 1,
  user: base + 2,
  product: base + 3,
  order: base + 4,
  payment: base + 5,
  notification: base + 6,
  pricing: base + 7,
};
export type ServiceName = keyof typeof ports;

const local = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;

export function embeddedEnvironment(
  dataDir: string,
  webDistDir: string | undefined,
  admin: { email: string; password: string },
  /** The shared secret of /internal/* (see internal-token.ts), the same in every service. */
  internalToken: string,
) {
  // One PGlite instance for every SQL store, a schema per service (see packages/platform/src/sql/pglite.ts).
  const sql = (schema: string) => `pglite://${encodeURI(join(dataDir, 'postgres'))}?schema=${schema}`;
  const common = {
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NODE_ENV: 'development',
    AMQP_URL: 'memory:',
    REDIS_URL: 'memory:',
    AUTH_JWKS_URL: `${local('auth')}/.well-known/jwks.json`,
    // Read by the services that serve /internal/* (product, payment, pricing) and those that call it
    // (order, gateway); the others' schemas do not name it, so they never see it.
    INTERNAL_TOKEN: internalToken,
  };
  return {
    auth: {
      ...common,
      PORT: String(ports.auth),
      DATABASE_URL: sql('auth'),
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    },
    user: { ...common, PORT: String(ports.user), DATABASE_URL: sql('user_profile') },
    product: {
      ...common,
      PORT: String(ports.product),
      CATALOG_URL: sql('catalog'),
      MEDIA_STORE_URL: pathToFileURL(join(dataDir, 'media')).href,
    },
    order: {
      ...common,
      PORT: String(ports.order),
      DATABASE_URL: sql('ordering'),
      PRODUCT_URL: local('product'),
      PAYMENT_URL: local('payment'),
      PRICING_URL: local('pricing'),
    },
    payment: {
      ...common,
      PORT: String(ports.payment),
      DATABASE_URL: sql('payment'),
      PAYMENT_PROVIDER: 'sandbox',
    },
    pricing: { ...common, PORT: String(ports.pricing), DATABASE_URL: sql('pricing') },
    notification: {
      ...common,
      PORT: String(ports.notification),
      DATABASE_URL: sql('notification'),
      SMTP_URL: 'memory:',
      PUBLIC_WEB_URL: local('gateway'),
    },
    gateway: {
      ...common,
      PORT: String(ports.gateway),
      AUTH_URL: local('auth'),
      USER_URL: local('user'),
      PRODUCT_URL: local('product'),
      ORDER_URL: local('order'),
      PAYMENT_URL: local('payment'),
      NOTIFICATION_URL: local('notification'),
      PRICING_URL: local('pricing'),
      CORS_ORIGIN: local('gateway'),
      // Every service shares this process's event loop, so its lag mostly measures their work
      // (PGlite's queries run on it, the first run's catalog events are handled on it), which
      // turning shoppers away does not relieve. Shed only at a lag no page load should see.
      MAX_EVENT_LOOP_DELAY_MS: '3000',
      ...(webDistDir ? { WEB_DIST_DIR: webDistDir } : {}),
    },
  } satisfies Record<ServiceName, Record<string, string>>;
}
