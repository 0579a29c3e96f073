// Inputs PostgreSQL cannot take are refused at the edge with 400 naming the field, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserHarness, type UserHarness } from './harness.js';

describe('inputs the database cannot take', () => {
  let users: UserHarness;
  beforeAll(async () => {
    users = await startUserHarness();
  });
  afterAll(() => users.close());

  const fieldsOf = (res: Awaited<ReturnType<UserHarness['request']>>) =>
    (res.json().errors as { field: string }[]).map((error) => error.field);

  it('refuses a NUL in the name, sent twice at once, and keeps the name', async () => {
    const shopper = await users.newShopper({ displayName: 'Ada' });
    const answers = await Promise.all(
      [1, 2].map(() => users.request('PATCH', '/users/me', shopper, { name: 'Ada\u0000Lovelace' })),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res)).toEqual(['body.name']);
    }
    expect((await users.request('GET', '/users/me', shopper)).json().name).toBe('Ada');
  });

  it('refuses a NUL in the admin search', async () => {
    const admin = await users.newShopper({ roles: ['customer', 'admin'] });
    const res = await users.request('GET', '/admin/users?search=ada%00', admin);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['querystring.search']);
  });

  it('refuses a user id PostgreSQL cannot read as a uuid', async () => {
    const admin = await users.newShopper({ roles: ['customer', 'admin'] });
    const res = await users.request(
      'GET',
      '/admin/users/urn:uuid:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      admin,
    );
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['params.id']);
  });

  it('documents those 400 answers in the served OpenAPI', async () => {
    const doc = (await users.service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/users/me'].patch.responses['400']).toBeDefined();
    expect(doc.paths['/admin/users'].get.responses['400']).toBeDefined();
    expect(doc.paths['/admin/users/{id}'].get.responses['400']).toBeDefined();
  });
});
