// POST /internal/batch over a real socket: each call is answered as if it had come alone (its
// status, body and validation), in order; only /internal/ routes, and never a batch in a batch.
import { Type } from '@sinclair/typebox';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, problems, registerInternalBatch, type ServiceApp } from '../src/index.js';

describe('POST /internal/batch', () => {
  let app: ServiceApp;
  let url: string;
  const seen: { key?: string; trace?: string }[] = [];

  beforeAll(async () => {
    app = await createService({ name: 'batch-test', logLevel: 'silent' });
    app.put(
      '/internal/widgets/:id',
      { schema: { body: Type.Object({ count: Type.Integer({ minimum: 0, maximum: 1000 }) }) } },
      async (req, reply) => {
        seen.push({
          key: req.headers['idempotency-key'] as string | undefined,
          trace: req.headers.traceparent as string | undefined,
        });
        return reply.status(201).send({ id: (req.params as { id: string }).id, count: req.body.count });
      },
    );
    app.get('/internal/widgets/:id', async () => {
      throw problems.notFound('Widget w1');
    });
    app.get('/internal/empty', async (_req, reply) => reply.status(204).send());
    app.get('/public', async () => ({ public: true }));
    registerInternalBatch(app);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  async function batch(calls: unknown) {
    const res = await request(`${url}/internal/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ calls }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as never };
  }

  it('answers every call as it would alone, in order, with its own headers', async () => {
    const res = await batch([
      {
        method: 'PUT',
        url: '/internal/widgets/a',
        headers: {
          'idempotency-key': 'k1',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        body: { count: 2 },
      },
      { method: 'GET', url: '/internal/widgets/b' },
      { method: 'PUT', url: '/internal/widgets/c', body: { count: -1 } },
      { method: 'GET', url: '/internal/empty' },
    ]);
    expect(res.status).toBe(200);
    const [created, missing, invalid, empty] = res.body as { status: number; body: never }[];
    expect(created).toEqual({ status: 201, body: { id: 'a', count: 2 } });
    expect(missing).toMatchObject({ status: 404, body: { type: expect.stringContaining('not-found') } });
    expect(invalid).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ field: 'body.count' })] },
    });
    expect(empty).toEqual({ status: 204, body: null });
    expect(seen).toEqual([{ key: 'k1', trace: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }]);
  });

  it('refuses a call outside /internal/ and a batch inside a batch, running none of the calls', async () => {
    const before = seen.length;
    const outside = await batch([
      { method: 'PUT', url: '/internal/widgets/d', body: { count: 1 } },
      { method: 'GET', url: '/public' },
    ]);
    expect(outside.status).toBe(400);
    const nested = await batch([
      { method: 'PUT', url: '/internal/widgets/e', body: { count: 1 } },
      { method: 'POST', url: '/internal/batch', body: { calls: [] } },
    ]);
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({ errors: [{ field: 'body.calls' }] });
    expect(seen.length).toBe(before);
  });
});
