// The admin order list's filters and cursor reach SQL as text, timestamptz and uuid: values those
// types refuse are refused at the edge with 400 naming the field, not by PostgreSQL with a 500.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfigSchema } from '../src/config.js';
import { startOrderService } from '../src/service.js';

describe('admin order list inputs', () => {
  let database: TestDatabase;
  let service: Awaited<ReturnType<typeof startOrderService>>;
  let tokens: Awaited<ReturnType<typeof createTestTokens>>;

  beforeAll(async () => {
    tokens = await createTestTokens();
    database = await createTestDatabase('order_inputs');
    const config = loadConfig(orderConfigSchema, {
      DATABASE_URL: database.url,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: `${uniqueName('x')}.events`,
      // Listing orders calls none of them; nothing listens there.
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      PRODUCT_URL: 'http://127.0.0.1:9',
      PAYMENT_URL: 'http://127.0.0.1:9',
      PRICING_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'silent',
    });
    service = await startOrderService(config, { verifier: tokens.verifier, processMetrics: false });
  });
  afterAll(async () => {
    await service?.app.close();
    await service?.close();
    await database?.drop();
  });

  const list = async (query: string) => {
    const token = await tokens.sign({ userId: randomUUID(), roles: ['customer', 'admin'] });
    const res = await service.app.inject({
      method: 'GET',
      url: `/admin/orders?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };
  const cursor = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['email=ada%00@example.com', 'querystring.email'],
    ['userId=u%00', 'querystring.userId'],
    [`to=${encodeURIComponent('2026-01-01T00:00:00+18:52')}`, 'querystring.to'],
    [`from=${encodeURIComponent('0000-01-01T00:00:00Z')}`, 'querystring.from'],
    [`before=${cursor('0000-01-01T00:00:00Z|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')}`, 'querystring.before'],
    [
      `before=${cursor('2026-01-01T00:00:00.000Z|------------------------------------')}`,
      'querystring.before',
    ],
  ])('refuses %s, naming the field', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });

  it('takes a date-time with the largest real offset', async () => {
    const res = await list(`to=${encodeURIComponent('2026-01-01T00:00:00+14:00')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orders: [] });
  });

  it('documents those 400 answers in the served OpenAPI', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/admin/orders'].get.responses['400']).toBeDefined();
  });
});
