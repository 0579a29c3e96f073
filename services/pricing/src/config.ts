import { baseServiceConfig, internalTokenReceiverConfig, urlString } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const pricingConfigSchema = Type.Object({
  ...baseServiceConfig,
  ...internalTokenReceiverConfig,
  PORT: Type.Integer({ default: 8087 }),
  DATABASE_URL: Type.String({ minLength: 1, description: 'postgres://…, pglite:///dir or pglite:memory' }),
  AUTH_JWKS_URL: urlString('the auth service JWKS, e.g. http://127.0.0.1:8081/.well-known/jwks.json'),
});
export type PricingConfig = Static<typeof pricingConfigSchema>;
