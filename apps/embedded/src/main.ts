// `npm start`: the whole platform in one process on embedded adapters (PGlite, in-memory cache
// and rate limits, the in-process event bus, the sandbox payment provider, an SMTP sink). Any
// service variable can be set from outside as <SERVICE>_<VARIABLE> (packages/platform's
// service-overrides.ts), as with the distributed start.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { withServiceOverrides } from '@emporium/platform';
import { adminCredentials } from './admin-credentials.js';
import { beginFirstRun } from './first-run.js';
import { forgetGatewayAddress, recordGatewayAddress } from './gateway-address.js';
import { internalToken } from './internal-token.js';
import { collectGarbage } from './memory.js';
import { type RunningService, startServices, stopServices } from './start-services.js';
import { tracePhase } from './start-trace.js';
import { embeddedEnvironment, ports } from './topology.js';
import { buildWebAppIfMissing } from './web-build.js';

const root = resolve(import.meta.dirname, '../../..');
const dataDir = resolve(process.env.EMPORIUM_DATA_DIR ?? `${root}/.data`);
const webDist = resolve(root, 'apps/web/dist');
const webBuilt = buildWebAppIfMissing(root, webDist);
const hasWebApp = existsSync(resolve(root, 'apps/web/package.json'));
const startedAt = Number(process.env.EMPORIUM_STARTED_AT ?? Date.now() - process.uptime() * 1000);

tracePhase('modules loaded');
const admin = adminCredentials(dataDir);
const env = withServiceOverrides(
  embeddedEnvironment(dataDir, hasWebApp ? webDist : undefined, admin, internalToken(dataDir)),
);
const firstRun = beginFirstRun(dataDir, env.product.MEDIA_STORE_URL);
let seeded = 0;
let services: RunningService[] = [];
try {
  services = await startServices(env, {
    onCatalogOpen: async (store) => {
      seeded = (await firstRun?.seed(store)) ?? 0;
    },
    beforeGateway: () => webBuilt,
  });
  // What starting left behind goes before the platform listens: the pause of a full collection
  // falls in starting, not on the first requests (nor in the gateway's event-loop lag samples).
  collectGarbage();
  for (const service of services) await service.app.listen({ port: ports[service.name], host: '127.0.0.1' });
  recordGatewayAddress(dataDir, `http://127.0.0.1:${ports.gateway}`);
  tracePhase('listening');
} catch (error) {
  const message =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `a port Emporium needs is taken (${(error as Error).message}); stop what uses them or set EMPORIUM_PORT_BASE`
      : (error as Error).stack;
  process.stderr.write(`Emporium did not start: ${message}\n`);
  await stopServices(services);
  process.exit(1);
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const memoryMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const lines = [
  '',
  `Emporium is up in ${seconds} s, using ${memoryMb} MB of memory (data in ${dataDir}).`,
  hasWebApp
    ? `  Storefront:  http://127.0.0.1:${ports.gateway}/`
    : `  Storefront:  not built (npm run build -w @emporium/web); API at http://127.0.0.1:${ports.gateway}/api/v1`,
  `  Admin:       ${admin.email} / ${admin.password}`,
  `  E-mails:     sent mail is kept, not delivered: npm run mail (or the admin pages)`,
  `  API docs:    http://127.0.0.1:${ports.gateway}/api/docs (browsable; JSON at /api/docs.json)   GraphQL: http://127.0.0.1:${ports.gateway}/graphql`,
  ...(seeded > 0 ? [`  First run:   seeded ${seeded} demo products.`] : []),
  '  Stop with Ctrl+C; `npm run reset` wipes the data.',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stopServices(services);
    forgetGatewayAddress(dataDir);
    process.exit(0);
  });
}
