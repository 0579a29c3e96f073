// Cursors and filters PostgreSQL cannot take are refused at the edge with 400 naming the field.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

describe('inputs the database cannot take', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ SMTP_URL: 'memory:' });
  });
  afterAll(() => harness.close());

  const get = async (url: string, token: string) => {
    const res = await harness.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };

  it.each([
    ['/notifications?cursor=9223372036854775808', 'customer', 'querystring.cursor'],
    ['/admin/notifications/deliveries?cursor=9223372036854775808', 'admin', 'querystring.cursor'],
    ['/admin/notifications/outbox-mail?cursor=9223372036854775808', 'admin', 'querystring.cursor'],
    ['/admin/notifications/deliveries?recipient=ada%00', 'admin', 'querystring.recipient'],
  ] as const)('refuses GET %s', async (url, role, field) => {
    const token = await harness.tokens.sign({ userId: randomUUID(), roles: [role] });
    const res = await get(url, token);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });

  it('takes the largest cursor int8 holds', async () => {
    const token = await harness.tokens.sign({ userId: randomUUID() });
    const res = await get('/notifications?cursor=9223372036854775807', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('documents those 400 answers in the served OpenAPI', async () => {
    const doc = (await harness.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/notifications',
      '/admin/notifications/deliveries',
      '/admin/notifications/outbox-mail',
    ]) {
      expect(doc.paths[path].get.responses['400'], path).toBeDefined();
    }
  });
});
