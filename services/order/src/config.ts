import { baseServiceConfig, internalTokenReceiverConfig, urlString } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const orderConfigSchema = Type.Object({
  ...baseServiceConfig,
  ...internalTokenReceiverConfig,
  PORT: Type.Integer({ default: 8084 }),
  DATABASE_URL: Type.String({ minLength: 1, description: 'postgres://…, pglite:///dir or pglite:memory' }),
  AMQP_URL: Type.String({ minLength: 1, description: 'amqp://… or memory:' }),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  AUTH_JWKS_URL: urlString('the auth service JWKS, e.g. http://127.0.0.1:8081/.well-known/jwks.json'),
  PRODUCT_URL: urlString('the product service, e.g. http://127.0.0.1:8083'),
  PAYMENT_URL: urlString('the payment service, e.g. http://127.0.0.1:8085'),
  PRICING_URL: urlString('the pricing service, e.g. http://127.0.0.1:8087'),
  /** Per call to another service. */
  DOWNSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 50, default: 2000 }),
  /** How long a saga step may keep failing transiently before the checkout is compensated. */
  SAGA_STEP_DEADLINE_MS: Type.Integer({ minimum: 100, default: 15_000 }),
  /** A saga's driver renews this lease; when it lapses another process takes the saga over. */
  SAGA_LEASE_MS: Type.Integer({ minimum: 200, default: 10_000 }),
  SAGA_RECOVERY_INTERVAL_MS: Type.Integer({ minimum: 50, default: 1000 }),
  /** How often the reconciliation worker retries refunds and cancellations their request left pending. */
  REFUND_RECOVERY_INTERVAL_MS: Type.Integer({ minimum: 50, default: 5000 }),
  /** How long POST /orders waits for the saga before answering with the current status. */
  CHECKOUT_INLINE_WAIT_MS: Type.Integer({ minimum: 0, default: 3000 }),
  /**
   * How many checkouts (POST /orders, each until it answers) this process runs at once. Beyond
   * it they queue briefly, then are refused with 503 and Retry-After before any work: a machine
   * that confirms fewer checkouts per second than arrive then keeps the admitted ones fast
   * instead of slowing every one of them. About the rate a replica confirms times the time one
   * checkout takes unloaded (bench/README.md, checkout section).
   */
  CHECKOUT_CONCURRENCY: Type.Integer({ minimum: 1, default: 8 }),
  /** How many checkouts may wait for a place; beyond it they are refused at once. */
  CHECKOUT_QUEUE_LENGTH: Type.Integer({ minimum: 0, default: 16 }),
  /** How long a checkout may wait for a place before it is refused: the latency it may add. */
  CHECKOUT_QUEUE_WAIT_MS: Type.Integer({ minimum: 0, default: 250 }),
  /** How long a variant's price read from the product service may be reused (0: only shared while in flight). */
  VARIANT_CACHE_MS: Type.Integer({ minimum: 0, default: 500 }),
  RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 30, default: 900 }),
  /**
   * `carrier=secret,carrier=secret`: the carriers whose POST /webhooks/carriers/{carrier} is open,
   * each with the secret its signatures use. Empty: no carrier may report deliveries.
   */
  CARRIER_WEBHOOK_SECRETS: Type.String({ default: '' }),
  /** How many days after delivery a shopper may ask to return items. */
  RETURN_WINDOW_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
});
export type OrderConfig = Static<typeof orderConfigSchema>;
