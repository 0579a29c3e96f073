// Opens what the gateway needs by URL (Redis for shared rate limits, or memory when embedded) and
// builds the app, without listening.
import { createRedisClient, createTokenVerifier, type ServiceApp } from '@emporium/platform';
import { createRemoteJWKSet } from 'jose';
import { buildApp } from './app.js';
import type { GatewayConfig } from './config.js';

export interface GatewayService {
  app: ServiceApp;
  close(): Promise<void>;
}

export async function startGatewayService(
  config: GatewayConfig,
  runtime: { processMetrics?: boolean } = {},
): Promise<GatewayService> {
  const redis = config.REDIS_URL.startsWith('memory:') ? undefined : createRedisClient(config.REDIS_URL);
  // Keys are cached; a token signed with an unknown kid (after a rotation) triggers a refetch.
  const keys = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), {
    cooldownDuration: config.JWKS_REFETCH_COOLDOWN_MS,
    cacheMaxAge: 600_000,
  });
  const app = await buildApp({
    config,
    verifier: createTokenVerifier(keys),
    redis,
    processMetrics: runtime.processMetrics ?? true,
  });
  return {
    app,
    async close() {
      redis?.disconnect();
    },
  };
}
