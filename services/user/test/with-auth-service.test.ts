// The two services together as deployed: the auth service runs as its own process; the user
// service creates the profile from its user.registered and trusts its tokens through the JWKS.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Session } from '@emporium/contracts/auth';
import { loadConfig } from '@emporium/platform';
import {
  createTestDatabase,
  freePort,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userConfigSchema } from '../src/config.js';
import { type RunningUserService, startUserService } from '../src/service.js';
import { HOME, KEY_1 } from './harness.js';

const AUTH_DIR = fileURLToPath(new URL('../../auth', import.meta.url));

describe('with the auth service', () => {
  let authDb: TestDatabase;
  let userDb: TestDatabase;
  let auth: ChildProcess;
  let authUrl: string;
  let users: RunningUserService;

  beforeAll(async () => {
    [authDb, userDb] = await Promise.all([createTestDatabase('auth'), createTestDatabase('user')]);
    const exchange = `${uniqueName('x')}.events`;
    const port = await freePort();
    authUrl = `http://127.0.0.1:${port}`;
    auth = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: AUTH_DIR,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: authDb.url,
        REDIS_URL: testInfra.redisUrl,
        REDIS_KEY_PREFIX: `${uniqueName('auth')}:`,
        AMQP_URL: testInfra.amqpUrl,
        EVENTS_EXCHANGE: exchange,
        LOG_LEVEL: 'silent',
      },
    });
    // Bind the user service's queue before anything is published.
    users = await startUserService(
      loadConfig(userConfigSchema, {
        DATABASE_URL: userDb.url,
        REDIS_URL: testInfra.redisUrl,
        REDIS_KEY_PREFIX: `${uniqueName('user')}:`,
        AMQP_URL: testInfra.amqpUrl,
        EVENTS_EXCHANGE: exchange,
        AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
        PII_ENCRYPTION_KEYS: KEY_1,
        LOG_LEVEL: 'silent',
      }),
    );
    // A cold tsx start of another process takes tens of seconds while the whole suite runs.
    await waitFor(async () => {
      if (auth.exitCode !== null) throw new Error(`the auth service exited with ${auth.exitCode}`);
      return (await fetch(`${authUrl}/health/ready`).catch(() => undefined))?.ok === true;
    }, 120_000);
  }, 150_000);
  afterAll(async () => {
    const exited =
      auth.exitCode !== null || auth.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => auth.once('exit', resolve));
    auth.kill('SIGTERM');
    await users.app.close();
    await users.close();
    await exited;
    await Promise.all([authDb.drop(), userDb.drop()]);
  });

  it('registers at auth, gets a profile, and edits it with the access token auth issued', async () => {
    const email = `${uniqueName('shopper')}@example.com`;
    const registered = await fetch(`${authUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'juniper sailcloth mosaic 8', displayName: 'Juniper' }),
    });
    expect(registered.status).toBe(201);
    const { accessToken, user } = (await registered.json()) as Session;
    const me = () =>
      users.app.inject({
        method: 'GET',
        url: '/users/me',
        headers: { authorization: `Bearer ${accessToken}` },
      });

    await waitFor(async () => (await me()).statusCode === 200);
    expect((await me()).json()).toMatchObject({ id: user.id, email, name: 'Juniper' });

    const added = await users.app.inject({
      method: 'POST',
      url: '/users/me/addresses',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: HOME,
    });
    expect(added.statusCode).toBe(201);
  });
});
