// Inputs PostgreSQL (here PGlite) cannot take, sent through the gateway: each answers 400
// problem+json naming the field and changes nothing, where each once answered 500.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Api } from './shopper-flow.js';

const PAST_INT8 = '9223372036854775808';

function expectRefused(res: { status: number; body: Record<string, unknown> }, field: string) {
  expect(res.status, field).toBe(400);
  expect((res.body.errors as { field: string }[]).map((error) => error.field)).toEqual([field]);
}

export async function unstorableInputsAreRefused(api: Api, admin: { email: string; password: string }) {
  const email = `nul-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'pebble meadow copper 42';
  const withNul = await api.call('POST', '/auth/register', { email, password, displayName: 'Ada\u0000' });
  expectRefused(withNul, 'body.displayName');
  // Nothing was created: the address is still free.
  const registered = await api.call<{ accessToken: string }>('POST', '/auth/register', { email, password });
  expect(registered.status).toBe(201);
  const token = registered.body.accessToken;
  expectRefused(await api.call('PATCH', '/users/me', { name: 'Ada\u0000' }, token), 'body.name');
  expectRefused(
    await api.call('GET', `/notifications?cursor=${PAST_INT8}`, undefined, token),
    'querystring.cursor',
  );

  const login = await api.call<{ accessToken: string }>('POST', '/auth/login', admin);
  expect(login.status).toBe(200);
  const adminToken = login.body.accessToken;
  const refusals: [string, string][] = [
    ['/admin/users?search=ada%00', 'querystring.search'],
    ['/admin/orders?email=ada%00%40example.com', 'querystring.email'],
    [`/admin/orders?to=${encodeURIComponent('2026-01-01T00:00:00+18:52')}`, 'querystring.to'],
    [`/admin/notifications/deliveries?cursor=${PAST_INT8}`, 'querystring.cursor'],
    ['/admin/notifications/deliveries?recipient=ada%00', 'querystring.recipient'],
  ];
  for (const [path, field] of refusals)
    expectRefused(await api.call('GET', path, undefined, adminToken), field);
}
