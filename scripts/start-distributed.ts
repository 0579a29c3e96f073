// `npm start -- --distributed`: every service in its own process on the real infrastructure
// (scripts/infra.sh), configured by environment variables only — as Kubernetes runs them.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { adminCredentials } from '../apps/embedded/src/admin-credentials.js';

const root = new URL('..', import.meta.url).pathname;
const pg = (db: string) => `postgres://emporium:emporium@127.0.0.1:5432/emporium_${db}`;
const local = (port: number) => `http://127.0.0.1:${port}`;
const shared = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  AUTH_JWKS_URL: `${local(8081)}/.well-known/jwks.json`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};
const catalogUrl = 'mongodb://127.0.0.1:27017/emporium_catalog';
const admin = adminCredentials(resolve(process.env.EMPORIUM_DATA_DIR ?? `${root}.data`));
const services: Record<string, Record<string, string>> = {
  auth: {
    DATABASE_URL: pg('auth'),
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
  },
  user: { DATABASE_URL: pg('user') },
  product: { CATALOG_URL: catalogUrl },
  payment: { DATABASE_URL: pg('payment'), PAYMENT_PROVIDER: 'sandbox' },
  order: { DATABASE_URL: pg('order'), PRODUCT_URL: local(8083), PAYMENT_URL: local(8085) },
  notification: { DATABASE_URL: pg('notification'), SMTP_URL: 'memory:' },
  gateway: {
    AUTH_URL: local(8081),
    USER_URL: local(8082),
    PRODUCT_URL: local(8083),
    ORDER_URL: local(8084),
    PAYMENT_URL: local(8085),
    NOTIFICATION_URL: local(8086),
    CORS_ORIGIN: local(8080),
    WEB_DIST_DIR: `${root}apps/web/dist`,
  },
};

if (spawnSync('bash', [`${root}scripts/infra.sh`, 'up'], { stdio: 'inherit' }).status !== 0) process.exit(1);
// The demo catalog, once (the seed command does nothing when it is already there).
const seed = spawnSync('npm', ['run', '-s', '-w', '@emporium/product', 'seed'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CATALOG_URL: catalogUrl },
});
if (seed.status !== 0) process.exit(1);

const children: ChildProcess[] = [];
for (const [name, env] of Object.entries(services)) {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...shared, ...env, ...overridesFor(name) },
  });
  child.on('exit', (code) => {
    if (!stopping) console.error(`${name} exited (${code}); stopping the others`);
    void stopAll(code ?? 1);
  });
  children.push(child);
}
console.log(
  `Distributed Emporium starting: gateway on http://127.0.0.1:8080; admin ${admin.email} / ${admin.password}`,
);

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// SMTP_URL etc. can be set per service from the outside as <SERVICE>_<VARIABLE>, e.g. NOTIFICATION_SMTP_URL.
function overridesFor(name: string): Record<string, string> {
  const prefix = `${name.toUpperCase()}_`;
  return Object.fromEntries(
    Object.entries(process.env)
      .filter(([key, value]) => key.startsWith(prefix) && value !== undefined)
      .map(([key, value]) => [key.slice(prefix.length), value as string]),
  );
}
