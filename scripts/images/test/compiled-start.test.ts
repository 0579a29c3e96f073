// The images run the compiled JavaScript with the `emporium-dist` export condition, which no other
// test exercises: this builds the product service (a no-op when its dist/ is current) and starts
// it the way the image does, on the real infrastructure, until it reports ready.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const serviceDir = `${root}services/product`;
const CONDITION = '--conditions=emporium-dist';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const resolveFrom = (args: string[]) =>
  execFileSync(
    process.execPath,
    [...args, '--input-type=module', '-e', "console.log(import.meta.resolve('@emporium/platform'))"],
    {
      cwd: serviceDir,
      encoding: 'utf8',
    },
  ).trim();

describe('the compiled product service', () => {
  let database: TestDatabase;
  const catalogDb = uniqueName('compiled_start');
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b', 'tsconfig.build.json'], {
      cwd: serviceDir,
      stdio: 'inherit',
    });
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await database?.drop();
    const mongo = await MongoClient.connect(testInfra.mongodbUrl);
    await mongo.db(catalogDb).dropDatabase();
    await mongo.close();
  });

  it('resolves the workspace packages to their compiled JavaScript only under the condition', () => {
    expect(resolveFrom([CONDITION])).toBe(`file://${root}packages/platform/dist/index.js`);
    expect(resolveFrom([])).toBe(`file://${root}packages/platform/src/index.ts`);
  });

  it('starts as production from dist/main.js, reports ready, and exits 0 on SIGTERM', async () => {
    database = await createTestDatabase('compiled_start');
    const port = await freePort();
    const started = spawn(process.execPath, ['--enable-source-maps', CONDITION, 'dist/main.js'], {
      cwd: serviceDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        CATALOG_URL: `${testInfra.mongodbUrl}/${catalogDb}`,
        DATABASE_URL: database.url,
        REDIS_URL: testInfra.redisUrl,
        CACHE_KEY_PREFIX: `${uniqueName('compiled_start')}:`,
        AMQP_URL: testInfra.amqpUrl,
        EVENTS_EXCHANGE: uniqueName('compiled_start'),
        AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
        INTERNAL_TOKEN: randomBytes(32).toString('base64url'),
      },
    });
    child = started;
    started.stdout?.on('data', (chunk) => (output += chunk));
    started.stderr?.on('data', (chunk) => (output += chunk));

    // Polls until ready; a crash at start ends the loop with the process's own output.
    let ready = false;
    while (!ready && started.exitCode === null) {
      ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (!ready) await sleep(100);
    }
    expect({ ready, exitCode: started.exitCode, output: ready ? '' : output }).toEqual({
      ready: true,
      exitCode: null,
      output: '',
    });

    started.kill('SIGTERM');
    const [code] = await once(started, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
