// A route whose schema admits a string without a length or a number without a range does not start.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { unboundedFields } from '../src/http/bounded-schemas.js';
import { createService } from '../src/index.js';

describe('route schemas', () => {
  it('names every string and number a schema admits without a bound', () => {
    const schema = Type.Object({
      name: Type.String(),
      note: Type.Union([Type.String({ maxLength: 5 }), Type.Null()]),
      code: Type.String({ pattern: '^[A-Z]{3}$' }),
      loose: Type.String({ pattern: '^[a-z]+$' }),
      either: Type.String({ pattern: '^a$|b' }),
      count: Type.Integer({ minimum: 0 }),
      lines: Type.Array(Type.Object({ qty: Type.Number({ minimum: 1, maximum: 9 }), sku: Type.String() })),
      kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
    });
    expect(unboundedFields(schema, 'body')).toEqual([
      'body.name (string without maxLength)',
      'body.loose (string without maxLength)',
      'body.either (string without maxLength)',
      'body.count (number without minimum and maximum)',
      'body.lines[].sku (string without maxLength)',
    ]);
  });

  it('keeps a service with an unbounded route from starting', async () => {
    const app = await createService({ name: 'unbounded-test', logLevel: 'silent' });
    app.get('/things', { schema: { querystring: Type.Object({ q: Type.String() }) } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/GET \/things: querystring\.q \(string without maxLength\)/);
    await app.close();
  });
});
