import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type ServiceApp } from '../src/index.js';

describe('request validation: text parts coerced, JSON bodies as sent', () => {
  let app: ServiceApp;

  beforeAll(async () => {
    app = await createService({ name: 'body-validation-test', logLevel: 'silent' });
    app.post(
      '/settings/:page',
      {
        schema: {
          params: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 1000 }) }),
          querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
          body: Type.Object({
            label: Type.String({ maxLength: 100 }),
            enabled: Type.Boolean(),
            quantity: Type.Integer({ minimum: -1000, maximum: 1000 }),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }))),
          }),
        },
      },
      async (request) => ({ params: request.params, query: request.query, body: request.body }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('still reads numbers and booleans out of path and query text', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/settings/3?dryRun=true',
      payload: { label: 'a', enabled: false, quantity: 2 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      params: { page: 3 },
      query: { dryRun: true },
      body: { label: 'a', enabled: false, quantity: 2 },
    });
  });

  it.each([
    ['null for a boolean', { label: 'a', enabled: null, quantity: 1 }, 'body.enabled'],
    ['a string for a boolean', { label: 'a', enabled: 'true', quantity: 1 }, 'body.enabled'],
    ['a number for a string', { label: 5, enabled: true, quantity: 1 }, 'body.label'],
    ['a string for an integer', { label: 'a', enabled: true, quantity: '1' }, 'body.quantity'],
    ['a scalar for an array', { label: 'a', enabled: true, quantity: 1, tags: 'x' }, 'body.tags'],
  ])('refuses %s in a body, naming the field', async (_case, payload, field) => {
    const res = await app.inject({ method: 'POST', url: '/settings/1', payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field })]);
  });
});
