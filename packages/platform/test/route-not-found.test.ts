import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type ServiceApp } from '../src/index.js';

describe('requests no route takes', () => {
  let app: ServiceApp;

  beforeAll(async () => {
    app = await createService({ name: 'route-not-found-test', logLevel: 'silent' });
    app.get('/widgets', async () => []);
    app.post('/widgets', async () => ({}));
    app.get('/widgets/:id', async () => ({}));
    app.delete('/widgets/:id', async () => ({}));
    app.post('/widgets/merge', async () => ({}));
    app.get(
      '/widgets/:id/parts',
      { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
      async () => [],
    );
    app.put('/widgets/bulk/parts', async () => ({}));
    // Like the CORS plugin's preflight route: it takes every path, so it names none.
    app.options('*', async () => ({}));
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    ['PATCH', '/widgets', 'GET, HEAD, POST'],
    ['DELETE', '/widgets?limit=2', 'GET, HEAD, POST'],
    ['PUT', '/widgets/w1', 'DELETE, GET, HEAD'],
    ['PATCH', '/widgets/w1', 'DELETE, GET, HEAD'],
    // Refused for the method before any body rule: a QUERY without a content type included.
    ['QUERY', '/widgets', 'GET, HEAD, POST'],
    // Literal paths a parametric route of another method would catch: the method is what is wrong.
    ['GET', '/widgets/merge', 'POST'],
    ['GET', '/widgets/bulk/parts', 'PUT'],
  ] as const)('answer %s %s with 405 and the methods the path takes', async (method, url, allow) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 405, type: expect.stringMatching(/method-not-allowed$/) });
  });

  it('answer a path no route has with 404, whatever the method', async () => {
    for (const method of ['GET', 'PUT', 'QUERY'] as const) {
      const res = await app.inject({ method, url: '/widgets/w1/parts/p1' });
      expect(res.statusCode).toBe(404);
      expect(res.headers.allow).toBeUndefined();
      expect(res.json().type).toMatch(/route-not-found$/);
    }
  });
});
