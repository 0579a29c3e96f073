// `npm start -- --distributed`: every service in its own process on the real infrastructure
// (scripts/infra.sh), configured by environment variables only — as Kubernetes runs them.
// EMPORIUM_PORT_BASE moves the ports (gateway on the base, then auth, user, product, order,
// payment, notification, pricing); any service variable can be set from outside as <SERVICE>_<VARIABLE>
// (e.g. ORDER_DATABASE_URL), which is how the distributed flow test isolates its run.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { serviceOverrides } from '@emporium/platform';
import { adminCredentials } from '../apps/embedded/src/admin-credentials.js';
// The same ports as the embedded mode, moved by EMPORIUM_PORT_BASE.
import { ports, type ServiceName } from '../apps/embedded/src/topology.js';
import { buildWebAppIfMissing } from '../apps/embedded/src/web-build.js';

const startedAt = Date.now();
const root = new URL('..', import.meta.url).pathname;
// The storefront the gateway serves, built on the first start (as the embedded start does).
await buildWebAppIfMissing(root, `${root}apps/web/dist`);
const pg = (db: string) => `postgres://emporium:emporium@127.0.0.1:5432/emporium_${db}`;
const local = (port: number) => `http://127.0.0.1:${port}`;
const shared = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  AUTH_JWKS_URL: `${local(ports.auth)}/.well-known/jwks.json`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  // One per run, shared by every service: product and payment refuse /internal/* without it.
  INTERNAL_TOKEN: randomBytes(32).toString('base64url'),
};
const catalogUrl = serviceOverrides('product').CATALOG_URL ?? 'mongodb://127.0.0.1:27017/emporium_catalog';
// Stock and reservations: PostgreSQL beside the MongoDB catalog.
const stockUrl = serviceOverrides('product').DATABASE_URL ?? pg('product');
const dataDir = resolve(process.env.EMPORIUM_DATA_DIR ?? `${root}.data`);
const admin = adminCredentials(dataDir);
// Product images: the seed writes the demo's illustrations where the product service serves them.
const mediaUrl = serviceOverrides('product').MEDIA_STORE_URL ?? pathToFileURL(join(dataDir, 'media')).href;
const services: Record<ServiceName, Record<string, string>> = {
  auth: {
    DATABASE_URL: pg('auth'),
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
  },
  user: { DATABASE_URL: pg('user') },
  product: { CATALOG_URL: catalogUrl, DATABASE_URL: stockUrl, MEDIA_STORE_URL: mediaUrl },
  payment: { DATABASE_URL: pg('payment'), PAYMENT_PROVIDER: 'sandbox' },
  order: {
    DATABASE_URL: pg('order'),
    PRODUCT_URL: local(ports.product),
    PAYMENT_URL: local(ports.payment),
    PRICING_URL: local(ports.pricing),
  },
  notification: { DATABASE_URL: pg('notification'), SMTP_URL: 'memory:' },
  pricing: { DATABASE_URL: pg('pricing') },
  gateway: {
    AUTH_URL: local(ports.auth),
    USER_URL: local(ports.user),
    PRODUCT_URL: local(ports.product),
    ORDER_URL: local(ports.order),
    PAYMENT_URL: local(ports.payment),
    NOTIFICATION_URL: local(ports.notification),
    PRICING_URL: local(ports.pricing),
    CORS_ORIGIN: local(ports.gateway),
    // The storefront when there is one to build.
    ...(existsSync(`${root}apps/web/dist/index.html`) ? { WEB_DIST_DIR: `${root}apps/web/dist` } : {}),
  },
};

if (spawnSync('bash', [`${root}scripts/infra.sh`, 'up'], { stdio: 'inherit' }).status !== 0) process.exit(1);
// The demo catalog, once (the seed command does nothing when it is already there).
const seed = spawnSync('npm', ['run', '-s', '-w', '@emporium/product', 'seed'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CATALOG_URL: catalogUrl, DATABASE_URL: stockUrl, MEDIA_STORE_URL: mediaUrl },
});
if (seed.status !== 0) process.exit(1);

// EMPORIUM_RESTART_EXITED=1 restarts a service whose process exits, as Kubernetes restarts a
// crashed pod; the invariant checker's faults kill services and count on it. Unset, one exiting
// service stops the whole platform, so a broken start is seen at once.
const restartExited = process.env.EMPORIUM_RESTART_EXITED === '1';
const children = new Map<string, ChildProcess>();
function startService(name: string, env: Record<string, string>): void {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...shared,
      PORT: String(ports[name as ServiceName]),
      ...env,
      ...serviceOverrides(name),
    },
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    if (restartExited) {
      console.error(`${name} exited (${code ?? signal}); restarting it`);
      setTimeout(() => startService(name, env), 500);
      return;
    }
    console.error(`${name} exited (${code}); stopping the others`);
    void stopAll(code ?? 1);
  });
  children.set(name, child);
}
for (const [name, env] of Object.entries(services)) startService(name, env);
console.log(
  `Distributed Emporium starting: gateway on ${local(ports.gateway)}; admin ${admin.email} / ${admin.password}`,
);

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Prints one line once every service answers its readiness probe. */
async function announceWhenReady(): Promise<void> {
  const pending = new Set(Object.values(ports));
  while (pending.size > 0 && !stopping) {
    for (const port of [...pending]) {
      const ready = await fetch(`${local(port)}/health/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) pending.delete(port);
    }
    if (pending.size > 0) await sleep(250);
  }
  if (!stopping) {
    console.log(`Distributed Emporium is up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }
}

await announceWhenReady();
