// Date-times, uuids and int8 cursors a request carries go to SQL as such: what passes validation
// is what PostgreSQL (and JavaScript's Date) takes.
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDateTime, isInt8String } from '../src/formats.js';
import { createService, type ServiceApp } from '../src/index.js';

describe('formats of request values', () => {
  let app: ServiceApp;

  beforeAll(async () => {
    app = await createService({ name: 'formats-test', logLevel: 'silent' });
    app.get(
      '/people',
      {
        schema: {
          querystring: Type.Object({
            since: Type.Optional(Type.String({ format: 'date-time' })),
            cursor: Type.Optional(Type.String({ format: 'int8', maxLength: 19 })),
            id: Type.Optional(Type.String({ format: 'uuid' })),
          }),
        },
      },
      async () => ({ ok: true }),
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
    ['an offset past +14:00', '2026-01-01T00:00:00+18:52'],
    ['an offset PostgreSQL refuses', '2026-01-01T00:00:00-16:00'],
    ['year zero', '0000-01-01T00:00:00Z'],
    ['a day the month lacks', '2026-02-29T00:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['no offset', '2026-01-01T00:00:00'],
  ])('refuses a date-time with %s', async (_what, since) => {
    const url = `/people?since=${encodeURIComponent(since)}`;
    await expectRefused(await app.inject({ method: 'GET', url }), 'querystring.since');
  });

  it('takes a date-time with a real offset', async () => {
    const url = `/people?since=${encodeURIComponent('2026-01-01T00:00:00.123+14:00')}`;
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });

  it('refuses a cursor one past int8 and takes the largest int8', async () => {
    await expectRefused(
      await app.inject({ method: 'GET', url: '/people?cursor=9223372036854775808' }),
      'querystring.cursor',
    );
    const largest = await app.inject({ method: 'GET', url: '/people?cursor=9223372036854775807' });
    expect(largest.statusCode).toBe(200);
  });

  it('refuses a uuid with a urn: prefix, which PostgreSQL cannot read', async () => {
    const url = '/people?id=urn:uuid:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    await expectRefused(await app.inject({ method: 'GET', url }), 'querystring.id');
  });

  it('judges formats the same way in events and config as in requests', () => {
    expect(isDateTime('2026-01-01T00:00:00+14:00')).toBe(true);
    expect(isDateTime('2026-01-01T00:00:00+14:01')).toBe(false);
    expect(isInt8String('9223372036854775807')).toBe(true);
    expect(isInt8String('09')).toBe(false);
  });
});
