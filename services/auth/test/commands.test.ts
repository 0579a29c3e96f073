import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, startAuthHarness } from './harness.js';

const run = promisify(execFile);
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('operator commands', () => {
  let auth: AuthHarness;
  beforeAll(async () => {
    auth = await startAuthHarness();
  });
  afterAll(() => auth.close());

  const command = (script: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      cwd: SERVICE_DIR,
      env: {
        ...process.env,
        DATABASE_URL: auth.databaseUrl,
        AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
    });

  it('creates the first admin from the command line', async () => {
    const { stdout } = await command('create-admin', 'Boss@Example.com', 'admiral lantern meadow 12');
    expect(stdout).toMatch(/created admin boss@example.com/i);
    const login = await auth.login('boss@example.com', 'admiral lantern meadow 12');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ roles: ['admin', 'customer'], emailVerified: true });
    // The running service relays the outbox rows the command wrote.
    await auth.eventFor('user.registered', (login.body.user as { id: string }).id);
  });

  it('refuses a weak admin password', async () => {
    await expect(command('create-admin', 'weak@example.com', 'password1234')).rejects.toMatchObject({
      stderr: expect.stringMatching(/too common/),
    });
  });

  it('rotates the signing key, keeping the old one published', async () => {
    const before = auth.service.ctx.keys.jwks().keys.map((key) => key.kid);
    const { stdout } = await command('rotate-keys');
    const kid = /new active signing key (\S+);/.exec(stdout)?.[1];
    await auth.service.ctx.keys.reload();
    expect(auth.service.ctx.keys.jwks().keys.map((key) => key.kid)).toEqual([kid, ...before]);
    expect(auth.service.ctx.keys.active().kid).toBe(kid);
  });
});
