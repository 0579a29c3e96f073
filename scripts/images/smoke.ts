// `npm run images:smoke`: starts every image `npm run images:build` made, the way production runs
// them (NODE_ENV=production, read-only root, uid 1000, an INTERNAL_TOKEN and the keys production
// requires), on the host network against the infrastructure of scripts/infra.sh, each service on
// fresh databases and the run on its own RabbitMQ vhost. Waits for every /health/ready, prints the
// idle resident memory podman reports, then stops the containers and removes what it created.
// IMAGE_TAG picks the tag (default: the current commit's short hash, as images:build).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { useOwnBrokerVhost } from '../broker-vhost.js';

const root = new URL('../../', import.meta.url).pathname;
const POSTGRES = process.env.POSTGRES_URL ?? 'postgres://emporium:emporium@127.0.0.1:5432';
const MONGODB = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_WITHIN_MS = 60_000;
const IDLE_SETTLE_MS = 5_000;

const tag =
  process.env.IMAGE_TAG ??
  execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
const run = `smoke_${randomBytes(4).toString('hex')}`;
const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' }).trim();
const key32 = () => randomBytes(32).toString('base64');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

const databases: string[] = [];
async function postgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
async function freshDatabase(service: string): Promise<string> {
  const name = `${run}_${service}`;
  await postgres(`create database ${name}`);
  databases.push(name);
  return `${POSTGRES}/${name}`;
}

const containers: string[] = [];
function stopAll(): void {
  for (const name of containers) {
    spawnSync('podman', ['stop', '--time', '10', name], { stdio: 'ignore' });
    spawnSync('podman', ['rm', '--force', name], { stdio: 'ignore' });
  }
}

async function waitReady(name: string, port: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < READY_WITHIN_MS) {
    const state = spawnSync('podman', ['inspect', '--format', '{{.State.Running}}', name], {
      encoding: 'utf8',
    });
    if (state.stdout.trim() !== 'true') break;
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return Date.now() - started;
    await sleep(200);
  }
  const logs = spawnSync('podman', ['logs', '--tail', '30', name], { encoding: 'utf8' });
  throw new Error(`${name} did not become ready:\n${logs.stdout}${logs.stderr}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'emporium-smoke-'));
const cleanupVhost = useOwnBrokerVhost('images-smoke');
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
let failed = false;
try {
  const ports = Object.fromEntries(
    await Promise.all(
      ['gateway', 'auth', 'user', 'product', 'order', 'payment', 'notification', 'pricing', 'web'].map(
        async (name) => [name, await freePort()] as const,
      ),
    ),
  ) as Record<string, number>;
  const local = (service: string) => `http://127.0.0.1:${ports[service]}`;
  const shared = {
    REDIS_URL: REDIS,
    AMQP_URL: amqpUrl,
    EVENTS_EXCHANGE: `${run}.events`,
    AUTH_JWKS_URL: `${local('auth')}/.well-known/jwks.json`,
    INTERNAL_TOKEN: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
  };
  const env: Record<string, Record<string, string>> = {
    auth: {
      DATABASE_URL: await freshDatabase('auth'),
      AUTH_KEY_ENCRYPTION_KEY: key32(),
      CACHE_KEY_PREFIX: `${run}:auth:`,
    },
    user: {
      DATABASE_URL: await freshDatabase('user'),
      PII_ENCRYPTION_KEYS: `k1:${key32()}`,
      CACHE_KEY_PREFIX: `${run}:user:`,
    },
    product: {
      CATALOG_URL: `${MONGODB}/${run}_catalog`,
      DATABASE_URL: await freshDatabase('product'),
      CACHE_KEY_PREFIX: `${run}:product:`,
    },
    payment: { DATABASE_URL: await freshDatabase('payment'), PAYMENT_PROVIDER: 'sandbox' },
    order: {
      DATABASE_URL: await freshDatabase('order'),
      PRODUCT_URL: local('product'),
      PAYMENT_URL: local('payment'),
      PRICING_URL: local('pricing'),
    },
    notification: { DATABASE_URL: await freshDatabase('notification'), SMTP_URL: 'memory:' },
    pricing: { DATABASE_URL: await freshDatabase('pricing') },
    gateway: {
      AUTH_URL: local('auth'),
      USER_URL: local('user'),
      PRODUCT_URL: local('product'),
      ORDER_URL: local('order'),
      PAYMENT_URL: local('payment'),
      NOTIFICATION_URL: local('notification'),
      PRICING_URL: local('pricing'),
      CORS_ORIGIN: local('gateway'),
      CACHE_KEY_PREFIX: `${run}:gateway:`,
    },
  };

  const results: { name: string; readyMs: number }[] = [];
  // Auth first: the others read its JWKS.
  for (const [service, own] of Object.entries(env)) {
    const name = `${run}-${service}`;
    const vars = { ...shared, ...own, PORT: String(ports[service]) };
    podman(
      'run',
      '--detach',
      '--name',
      name,
      '--network=host',
      '--read-only',
      ...Object.entries(vars).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
      `localhost/emporium/${service}:${tag}`,
    );
    containers.push(name);
    results.push({ name: service, readyMs: await waitReady(name, ports[service] as number) });
  }

  // nginx listens on 8080 inside the image; on the host network the smoke run moves it to a free port.
  const webConf = join(scratch, 'web.conf');
  const webPort = ports.web as number;
  writeFileSync(
    webConf,
    readFileSync(`${root}deploy/docker/web-nginx.conf`, 'utf8').replace('listen 8080;', `listen ${webPort};`),
  );
  const web = `${run}-web`;
  podman(
    'run',
    '--detach',
    '--name',
    web,
    '--network=host',
    '--read-only',
    '--volume',
    `${webConf}:/etc/nginx/conf.d/default.conf:ro`,
    `localhost/emporium/web:${tag}`,
  );
  containers.push(web);
  results.push({ name: 'web', readyMs: await waitReady(web, webPort) });

  await sleep(IDLE_SETTLE_MS);
  console.log(`\n${'image'.padEnd(40)} ${'ready'.padStart(8)} ${'idle RSS'.padStart(12)}  user`);
  for (const { name, readyMs } of results) {
    const container = `${run}-${name}`;
    const memory = podman('stats', '--no-stream', '--format', '{{.MemUsage}}', container)
      .split('/')[0]
      ?.trim();
    const user = podman('exec', container, 'id', '-u');
    console.log(
      `${`localhost/emporium/${name}:${tag}`.padEnd(40)} ${`${(readyMs / 1000).toFixed(1)} s`.padStart(8)} ${String(memory).padStart(12)}  ${user}`,
    );
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  stopAll();
  for (const name of databases)
    await postgres(`drop database if exists ${name} with (force)`).catch(() => {});
  const mongo = await MongoClient.connect(MONGODB);
  await mongo
    .db(`${run}_catalog`)
    .dropDatabase()
    .catch(() => {});
  await mongo.close();
  cleanupVhost?.();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
