import { baseServiceConfig, internalTokenReceiverConfig, urlString } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const paymentConfigSchema = Type.Object({
  ...baseServiceConfig,
  ...internalTokenReceiverConfig,
  PORT: Type.Integer({ default: 8085 }),
  DATABASE_URL: Type.String({ minLength: 1, description: 'postgres://…, pglite:///dir or pglite:memory' }),
  AMQP_URL: Type.String({ minLength: 1, description: 'amqp://… or memory:' }),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  AUTH_JWKS_URL: urlString('the auth service JWKS, e.g. http://127.0.0.1:8081/.well-known/jwks.json'),
  PAYMENT_PROVIDER: Type.Union([Type.Literal('sandbox'), Type.Literal('stripe')], { default: 'sandbox' }),
  STRIPE_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STRIPE_API_BASE: Type.Optional(urlString('Stripe API base; http://127.0.0.1:12111 for stripe-mock')),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1 })),
});
export type PaymentConfig = Static<typeof paymentConfigSchema>;
