// PostgreSQL text and jsonb cannot hold U+0000: any string or key carrying one is refused at the
// edge with 400 naming the field, before the handler runs.
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type ServiceApp } from '../src/index.js';

describe('strings with a NUL character', () => {
  let app: ServiceApp;
  let handled = 0;

  beforeAll(async () => {
    app = await createService({ name: 'nul-test', logLevel: 'silent' });
    app.post(
      '/people',
      {
        schema: {
          body: Type.Object({
            name: Type.String({ maxLength: 100 }),
            tags: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 20 }))),
          }),
        },
      },
      async () => {
        handled += 1;
        return { ok: true };
      },
    );
    app.get(
      '/people',
      {
        schema: {
          querystring: Type.Object({
            search: Type.Optional(Type.String({ maxLength: 100 })),
          }),
        },
      },
      async () => {
        handled += 1;
        return { ok: true };
      },
    );
    await app.ready();
  });
  afterAll(() => app.close());

  async function expectRefused(response: Awaited<ReturnType<ServiceApp['inject']>>, field: string) {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = response.json();
    expect(body.type).toBe('https://emporium.dev/problems/validation');
    expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
  }

  it.each([
    ['a body string', { name: 'a\u0000b' }, 'body.name'],
    ['a nested string', { name: 'x', tags: { colour: 'r\u0000ed' } }, 'body.tags.colour'],
    ['an object key', { name: 'x', tags: { 'col\u0000our': 'red' } }, 'body.tags'],
  ])('refuses a NUL in %s, by name, before the handler', async (_what, payload, field) => {
    const before = handled;
    await expectRefused(await app.inject({ method: 'POST', url: '/people', payload }), field);
    expect(handled).toBe(before);
  });

  it('refuses a NUL in a query string parameter', async () => {
    const before = handled;
    await expectRefused(
      await app.inject({ method: 'GET', url: '/people?search=a%00b' }),
      'querystring.search',
    );
    expect(handled).toBe(before);
  });
});
