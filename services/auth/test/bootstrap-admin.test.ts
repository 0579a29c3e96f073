import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../src/accounts/create-admin.js';
import { type AuthHarness, startAuthHarness } from './harness.js';

describe('the admin a fresh installation bootstraps from configuration', () => {
  let auth: AuthHarness;
  beforeAll(async () => {
    auth = await startAuthHarness({
      BOOTSTRAP_ADMIN_EMAIL: 'owner@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'copper kettle orchard 88',
    });
  });
  afterAll(() => auth.close());

  it('exists after the first start and can sign in as admin', async () => {
    const login = await auth.login('owner@example.com', 'copper kettle orchard 88');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ roles: ['admin', 'customer'], emailVerified: true });
  });

  it('is left alone on later starts, so a changed password stays changed', async () => {
    expect(await bootstrapAdmin(auth.service.ctx, 'owner@example.com', 'another password 4242')).toBe(false);
    expect((await auth.login('owner@example.com', 'another password 4242')).status).toBe(401);
  });
});
