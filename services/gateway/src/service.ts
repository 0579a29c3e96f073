// Opens what the gateway needs by URL (Redis for shared rate limits, or memory when embedded) and
// builds the app, without listening. Its Redis client is a raw one (rate-limit counters), not the
// runtime's cache port, so the runtime only owns it.
import {
  createRedisClient,
  createTokenVerifier,
  openServiceRuntime,
  type ServiceApp,
} from '@emporium/platform';
import { createRemoteJWKSet } from 'jose';
import { buildApp } from './app.js';
import type { GatewayConfig } from './config.js';

export interface GatewayService {
  app: ServiceApp;
  close(): Promise<void>;
}

export async function startGatewayService(
  config: GatewayConfig,
  options: { processMetrics?: boolean } = {},
): Promise<GatewayService> {
  const runtime = await openServiceRuntime({
    name: 'gateway',
    config,
    processMetrics: options.processMetrics ?? true,
  });
  const redis = config.REDIS_URL.startsWith('memory:') ? undefined : createRedisClient(config.REDIS_URL);
  if (redis) runtime.own({ stop: () => redis.disconnect() });
  // Keys are cached; a token signed with an unknown kid (after a rotation) triggers a refetch.
  const keys = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), {
    cooldownDuration: config.JWKS_REFETCH_COOLDOWN_MS,
    cacheMaxAge: 600_000,
  });
  const { app } = await buildApp({ ...runtime.host, config, verifier: createTokenVerifier(keys), redis });
  return { app, close: runtime.close };
}
