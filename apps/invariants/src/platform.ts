// Starts `npm start -- --distributed` (scripts/start-distributed.ts: every service its own process
// on PostgreSQL, FerretDB, Redis and RabbitMQ) for one run, isolated the way the distributed flow
// test isolates it: databases, a catalog, Redis key prefixes and ports of its own (the RabbitMQ
// vhost is the caller's AMQP_URL). The admin's credentials are written before the start, so the
// platform creates exactly that admin and the clients know how to sign in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 180_000;

export const STORES = ['auth', 'user', 'product', 'order', 'payment', 'notification', 'pricing'] as const;
export type Store = (typeof STORES)[number];

// Where each service listens, from the port base (apps/embedded/src/topology.ts's order).
const PORT_OFFSETS = {
  gateway: 0,
  auth: 1,
  user: 2,
  product: 3,
  order: 4,
  payment: 5,
  notification: 6,
  pricing: 7,
};
export type ServiceName = keyof typeof PORT_OFFSETS;

export interface Platform {
  gateway: string;
  /** The base URL of each service's own port (readiness probes). */
  services: Record<ServiceName, string>;
  admin: { email: string; password: string };
  /** PostgreSQL URLs of each service's database (product: stock and reservations). */
  databases: Record<Store, string>;
  /** The start-distributed process: its children are the service processes. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startPlatform({
  restartExited,
  amqpUrl,
}: {
  restartExited: boolean;
  /** The broker the services use; the caller's AMQP_URL when not given. */
  amqpUrl?: string;
}): Promise<Platform> {
  const run = uniqueName('inv');
  const portBase = 26_000 + Math.floor(Math.random() * 400) * 10;
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-invariants-'));
  const admin = { email: 'admin@emporium.local', password: `invariants-${uniqueName('admin')}` };
  writeFileSync(join(dataDir, 'admin-credentials.json'), JSON.stringify(admin), { mode: 0o600 });
  const catalogUrl = `${testInfra.mongodbUrl}/${run}`;
  const created: TestDatabase[] = [];
  const env: Record<string, string> = {
    EMPORIUM_DATA_DIR: dataDir,
    EMPORIUM_PORT_BASE: String(portBase),
    LOG_LEVEL: 'warn',
    // With faults, killed services are started again; without, a service that dies ends the run.
    EMPORIUM_RESTART_EXITED: restartExited ? '1' : '0',
    ...(amqpUrl ? { AMQP_URL: amqpUrl } : {}),
    PRODUCT_CATALOG_URL: catalogUrl,
    PRODUCT_CACHE_KEY_PREFIX: `${run}:product:`,
    AUTH_REDIS_KEY_PREFIX: `${run}:auth:`,
    USER_REDIS_KEY_PREFIX: `${run}:user:`,
    GATEWAY_REDIS_KEY_PREFIX: `${run}:gateway:`,
    // A dozen clients from one address are a load test, not an abuse the limits are meant for.
    GATEWAY_RATE_LIMIT_ANONYMOUS_MAX: '1000000',
    GATEWAY_RATE_LIMIT_USER_MAX: '1000000',
    GATEWAY_RATE_LIMIT_CREDENTIALS_MAX: '1000000',
    GATEWAY_RATE_LIMIT_CHECKOUT_MAX: '1000000',
  };
  const databases = {} as Record<Store, string>;
  for (const store of STORES) {
    const database = await createTestDatabase(`${run}_${store}`);
    created.push(database);
    databases[store] = database.url;
    env[`${store.toUpperCase()}_DATABASE_URL`] = database.url;
  }

  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-distributed.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await Promise.all(created.map((database) => database.drop()));
    const client = await MongoClient.connect(catalogUrl);
    await client.db().dropDatabase();
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const gateway = `http://127.0.0.1:${portBase}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the platform exited early:\n${output}`);
      if (/is up in/.test(output)) break;
      if (Date.now() > deadline) throw new Error(`the platform was not ready within 180 s:\n${output}`);
      await sleep(250);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const services = Object.fromEntries(
    Object.entries(PORT_OFFSETS).map(([name, offset]) => [name, `http://127.0.0.1:${portBase + offset}`]),
  ) as Record<ServiceName, string>;
  return { gateway, services, admin, databases, pid: child.pid!, output: () => output, stop };
}
