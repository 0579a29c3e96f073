// Auth benchmark: logins/s and refreshes/s through the real auth service (PostgreSQL, Redis,
// RabbitMQ; listening on 127.0.0.1, driven by autocannon in worker threads), next to the raw
// argon2id hash rate at the same parameters measured in the same run: the hash is the physical
// limit of a login.
//   Run: npx tsx bench/auth.ts     (infrastructure up: npm run infra:up)
// Targets: logins/s >= 85% of raw hashes/s; refreshes/s >= 2000.
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { createService, loadConfig } from '../packages/platform/src/index.js';
import { createTestDatabase, testInfra, uniqueName } from '../packages/platform/src/testing/index.js';
import { inOwnBrokerVhost } from '../scripts/broker-vhost.js';
import { authConfigSchema } from '../services/auth/src/config.js';
import { ARGON2ID_PARAMS } from '../services/auth/src/credentials/password-hasher.js';
import { startAuthService } from '../services/auth/src/service.js';

const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  /** Hashes in flight for the baseline and logins in flight for the run: enough to keep the libuv pool busy. */
  hashConcurrency: Number(process.env.HASH_CONCURRENCY ?? 8),
  loginConnections: Number(process.env.LOGIN_CONNECTIONS ?? 8),
  refreshConnections: Number(process.env.REFRESH_CONNECTIONS ?? 32),
  /**
   * autocannon runs in worker threads: a client is another program, so it must not share the
   * service's event loop (every HTTP run here, the no-op baseline included, uses the same count).
   */
  loadWorkers: Math.max(1, Number(process.env.LOAD_WORKERS ?? 1)),
  accounts: 50,
  libuvPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  cpus: availableParallelism(),
  /** Runnable processes on the machine as the run starts: other work on the 2 cores skews the rates. */
  loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  argon2id: {
    memoryKiB: ARGON2ID_PARAMS.memoryCost,
    timeCost: ARGON2ID_PARAMS.timeCost,
    parallelism: ARGON2ID_PARAMS.parallelism,
  },
};
const PASSWORD = 'benchmark harbour lantern 31';

async function rawHashRate(): Promise<number> {
  const end = performance.now() + settings.seconds * 1000;
  let hashes = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await hash(PASSWORD, ARGON2ID_PARAMS);
      hashes++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: settings.hashConcurrency }, worker));
  return hashes / ((performance.now() - started) / 1000);
}

// In worker threads autocannon takes request hooks as files (CommonJS, in bench/auth-hooks, required
// by each worker); what they need travels in the options (workerData), structured-cloned per worker
// except the SharedArrayBuffer through which each worker claims its own slice of refresh tokens.
const hook = (file: string) => fileURLToPath(new URL(`./auth-hooks/${file}`, import.meta.url)) as never;

function run(options: autocannon.Options & { bench?: object }): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...options, workers: settings.loadWorkers } as autocannon.Options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const perSecond = (result: autocannon.Result) => result['2xx'] / (result.duration || settings.seconds);

async function main() {
  const database = await createTestDatabase('bench_auth');
  const service = await startAuthService(
    loadConfig(authConfigSchema, {
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('bench')}:`,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: `${uniqueName('bench')}.events`,
      AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      LOG_LEVEL: 'warn',
    }),
  );
  const url = await service.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const emails = Array.from({ length: settings.accounts }, () => `${uniqueName('bench')}@example.com`);
    for (const email of emails) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/auth/register',
        payload: { email, password: PASSWORD },
      });
      if (res.statusCode !== 201) throw new Error(`registering failed: ${res.body}`);
    }

    // The machine's load drifts; the baseline brackets the login run and their mean is compared.
    const hashesBefore = await rawHashRate();

    const logins = await run({
      url,
      duration: settings.seconds,
      connections: settings.loginConnections,
      requests: [
        {
          method: 'POST',
          path: '/auth/login',
          headers: { 'content-type': 'application/json' },
          setupRequest: hook('login-request.cjs'),
        },
      ],
      bench: { emails, password: PASSWORD },
    });

    const hashesAfter = await rawHashRate();
    const hashesPerSecond = (hashesBefore + hashesAfter) / 2;

    // What this machine's HTTP stack does with no work at all: the ceiling for refreshes here.
    const bare = await createService({ name: 'bench-noop', logLevel: 'warn' });
    bare.post('/noop', async () => ({ ok: true }));
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    const noop = await run({
      url: `${bareUrl}/noop`,
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      duration: settings.seconds,
      connections: settings.refreshConnections,
    });
    await bare.close();

    // One live token per connection, each worker's connections drawing from a slice of their own.
    const tokenSlices: string[][] = Array.from({ length: settings.loadWorkers }, () => []);
    for (let i = 0; i < settings.refreshConnections; i++) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: emails[i % emails.length], password: PASSWORD },
      });
      tokenSlices[i % settings.loadWorkers]?.push(res.json().refreshToken);
    }
    const refreshes = await run({
      url,
      duration: settings.seconds,
      connections: settings.refreshConnections,
      requests: [
        {
          method: 'POST',
          path: '/auth/refresh',
          headers: { 'content-type': 'application/json' },
          setupRequest: hook('refresh-request.cjs'),
          onResponse: hook('refresh-response.cjs'),
        },
      ],
      bench: { tokenSlices, claimedSlices: new SharedArrayBuffer(4) },
    });

    const loginRate = perSecond(logins);
    const refreshRate = perSecond(refreshes);
    const loginShare = loginRate / hashesPerSecond;
    console.log('settings', JSON.stringify(settings));
    console.log(
      `raw argon2id hashes/s (baseline)   ${hashesPerSecond.toFixed(1)}  (before ${hashesBefore.toFixed(1)}, after ${hashesAfter.toFixed(1)})`,
    );
    console.log(
      `logins/s                           ${loginRate.toFixed(1)}  (${(loginShare * 100).toFixed(1)}% of raw; target >= 85%)` +
        `  p50 ${logins.latency.p50} ms  p99 ${logins.latency.p99} ms  non-2xx ${logins.non2xx}  errors ${logins.errors}`,
    );
    console.log(
      `no-op POST req/s (HTTP baseline)   ${perSecond(noop).toFixed(1)}  (same connections and load workers, same process)`,
    );
    console.log(
      `refreshes/s                        ${refreshRate.toFixed(1)}  (target >= 2000; ${((refreshRate / perSecond(noop)) * 100).toFixed(1)}% of the no-op)` +
        `  p50 ${refreshes.latency.p50} ms  p99 ${refreshes.latency.p99} ms  non-2xx ${refreshes.non2xx}  errors ${refreshes.errors}`,
    );
    console.log(
      loginShare >= 0.85
        ? 'TARGET MET: logins/s at least 85% of the raw hash rate'
        : 'TARGET MISSED: logins/s below 85% of the raw hash rate',
    );
    console.log(
      refreshRate >= 2000 ? 'TARGET MET: refreshes/s at least 2000' : 'TARGET MISSED: refreshes/s below 2000',
    );
  } finally {
    await service.app.close();
    await service.close();
    await database.drop();
  }
}

await inOwnBrokerVhost(main);
