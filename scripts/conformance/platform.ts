// The embedded platform (as `npm start` runs it) in this process, on a data directory and port
// base of the run's own, with the gateway's per-client rate limits and load shedding relaxed:
// every request of a fuzzing run comes from one address and one token, on a machine the run itself
// keeps busy, and at the shipped settings many would only meet the limiter or the shedder (whose
// 429 and 503 the gateway's own tests cover) instead of the services.
import { adminCredentials } from '../../apps/embedded/src/admin-credentials.js';
import { beginFirstRun } from '../../apps/embedded/src/first-run.js';
import { internalToken } from '../../apps/embedded/src/internal-token.js';
import { startServices, stopServices } from '../../apps/embedded/src/start-services.js';

const RELAXED_EDGE = {
  MAX_EVENT_LOOP_DELAY_MS: '60000',
  RATE_LIMIT_ANONYMOUS_MAX: '1000000',
  RATE_LIMIT_USER_MAX: '1000000',
  RATE_LIMIT_CREDENTIALS_MAX: '1000000',
  RATE_LIMIT_CHECKOUT_MAX: '1000000',
};

export interface EmbeddedPlatform {
  gateway: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPlatform(dataDir: string, portBase: number): Promise<EmbeddedPlatform> {
  // Read by the topology when it is first imported.
  process.env.EMPORIUM_PORT_BASE = String(portBase);
  process.env.LOG_LEVEL ??= 'error';
  const { embeddedEnvironment, ports } = await import('../../apps/embedded/src/topology.js');
  const env = embeddedEnvironment(dataDir, undefined, adminCredentials(dataDir), internalToken(dataDir));
  const firstRun = beginFirstRun(dataDir, env.product.MEDIA_STORE_URL);
  const services = await startServices(
    { ...env, gateway: { ...env.gateway, ...RELAXED_EDGE } },
    {
      onCatalogOpen: async (store) => {
        await firstRun?.seed(store);
      },
    },
  );
  try {
    for (const service of services)
      await service.app.listen({ port: ports[service.name], host: '127.0.0.1' });
  } catch (error) {
    await stopServices(services);
    throw error;
  }
  return { gateway: `http://127.0.0.1:${ports.gateway}`, stop: () => stopServices(services) };
}
