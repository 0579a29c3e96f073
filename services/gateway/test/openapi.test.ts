import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const operation = (summary: string) => ({ summary, responses: { 200: { description: 'OK' } } });

describe('aggregated OpenAPI document at /api/docs', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      routes: {
        product: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/products': { get: operation('Browse products') },
              '/products/{slug}': { get: operation('Product detail') },
              '/admin/products': { post: operation('Create a product') },
              '/internal/variants': { get: operation('Variants by SKU') },
              '/internal/reservations/{reservationId}': { put: operation('Reserve') },
            },
            components: { schemas: { Money: { type: 'object' }, CategoryNode: { type: 'object' } } },
          }));
        },
        order: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/orders': {
                get: { ...operation('My orders'), security: [{ bearerAuth: [] }] },
                post: operation('Place an order'),
              },
            },
          }));
        },
        user: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/users/me': { get: operation('My profile') },
              '/users/{id}': { get: operation('Anyone') },
            },
            components: { schemas: { Money: { type: 'object' } } },
          }));
        },
      },
    });
    await gateway.stubs.payment.stop();
  });
  afterAll(() => gateway.close());

  it('lists the public paths of every service under /api/v1 and nothing internal', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/admin/products',
      '/api/v1/orders',
      '/api/v1/products',
      '/api/v1/products/{slug}',
      '/api/v1/users/me',
    ]);
    expect(doc.paths['/api/v1/products'].get).toMatchObject({
      summary: 'Browse products',
      tags: ['product'],
    });
    expect(doc.components.schemas.Money).toEqual({ type: 'object' });
    expect(doc.components.schemas.CategoryNode).toBeDefined();
  });

  it("marks each operation with the gateway's access rule", async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    expect(doc.paths['/api/v1/products'].get.security).toBeUndefined();
    expect(doc.paths['/api/v1/products'].get['x-access']).toBe('public');
    expect(doc.paths['/api/v1/users/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/admin/products'].post['x-access']).toBe('admin');
    // A public route's operation keeps the security its service declares.
    expect(doc.paths['/api/v1/orders'].post.security).toBeUndefined();
    expect(doc.paths['/api/v1/orders'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/orders'].get['x-access']).toBe('public');
  });

  it('adds the refusals of the gateway itself as problems: 401/403 only behind a token', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses('/api/v1/products', 'get')).toEqual(['200', '429', '502', '503', '504']);
    expect(statuses('/api/v1/users/me', 'get')).toEqual(['200', '401', '403', '429', '502', '503', '504']);
    expect(statuses('/api/v1/admin/products', 'post')).toEqual([
      '200',
      '401',
      '403',
      '429',
      '502',
      '503',
      '504',
    ]);
    expect(doc.paths['/api/v1/products'].get.responses['429']).toMatchObject({
      content: { 'application/problem+json': { schema: { required: ['type', 'title', 'status'] } } },
    });
    // A service's own description of a status is kept.
    expect(doc.paths['/api/v1/products'].get.responses['200']).toEqual({ description: 'OK' });
  });

  it('says which services could not be asked instead of failing', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.json()['x-unavailable-services']).toEqual(['payment']);
  });

  it('fetches each service document once and reuses it', async () => {
    await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    expect(gateway.stubs.product.calls.filter((call) => call.url === '/openapi.json')).toHaveLength(1);
  });
});
