import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstorableAt } from '../src/http/storable-values.js';
import { createService, problems, type ServiceApp } from '../src/index.js';

describe('createService', () => {
  let app: ServiceApp;
  let dependencyUp = true;

  beforeAll(async () => {
    app = await createService({
      name: 'kit-test',
      logLevel: 'silent',
      readiness: {
        database: async () => {
          if (!dependencyUp) throw new Error('connection refused');
        },
      },
    });
    app.post(
      '/widgets',
      {
        schema: {
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 100 }),
            count: Type.Integer({ minimum: 0, maximum: 1000 }),
          }),
        },
      },
      async (request, reply) => reply.status(201).send({ name: request.body.name }),
    );
    app.get('/widgets/:id', async () => {
      throw problems.notFound('Widget w1');
    });
    app.get('/busy', async () => {
      throw problems.unavailable('The warehouse is not answering; try again.', 'warehouse-unavailable');
    });
    app.get(
      '/widgets',
      {
        schema: {
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }),
        },
      },
      async (request) => ({ limit: request.query.limit }),
    );
    app.get('/boom', async () => {
      throw new Error('secret internal detail');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('asks a client to wait before retrying a 503 (Retry-After), in the header and the problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/busy' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({
      type: expect.stringMatching(/warehouse-unavailable$/),
      retryAfter: 1,
    });
  });

  it('answers a malformed JSON body with 400 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/widgets',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().type).toMatch(/problems\//);
  });

  it('names every invalid field', async () => {
    const res = await app.inject({ method: 'POST', url: '/widgets', payload: { name: '', count: -1 } });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['body.count', 'body.name']);
  });

  it('names a missing field', async () => {
    const res = await app.inject({ method: 'POST', url: '/widgets', payload: { name: 'x' } });
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.count' })]);
  });

  // Ajv turns such strings into Infinity and skips its range checks for non-finite numbers.
  it.each([
    ['GET', '/widgets?limit=1e400', undefined, 'querystring.limit'],
    ['GET', '/widgets?limit=-Infinity', undefined, 'querystring.limit'],
  ] as const)(
    'refuses %s %s with a number that is not finite, by name',
    async (method, url, payload, field) => {
      const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors).toEqual([{ field, message: 'must be a finite number' }]);
    },
  );

  it('refuses a JSON number beyond the finite range in a body, by name', async () => {
    // JSON.parse reads 1e400 as Infinity: the body is not coerced, yet still not finite.
    const res = await app.inject({
      method: 'POST',
      url: '/widgets',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","count":1e400}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.count' })]);
  });

  it('leaves a body passed through unparsed alone (the gateway streams bodies on)', async () => {
    // Over a real socket: the unparsed body is then the request itself, whose socket, server and
    // their references form cycles no walk may follow (inject's fake request has none).
    const relay = await createService({ name: 'relay-test', logLevel: 'silent' });
    relay.addContentTypeParser('application/json', (_request, payload, done) => done(null, payload));
    relay.post('/relay', async (request) => {
      let bytes = 0;
      for await (const chunk of request.body as AsyncIterable<Buffer>) bytes += chunk.length;
      return { bytes };
    });
    const url = await relay.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${url}/relay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"n":1}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ bytes: 7 });
    } finally {
      await relay.close();
    }
    expect(unstorableAt({ a: [1, { b: Number.NaN }] }, 'body')?.field).toBe('body.a.1.b');
  });

  it("answers an over-long path parameter with a problem, not the router's own JSON", async () => {
    const res = await app.inject({ method: 'GET', url: `/widgets/${'x'.repeat(250)}` });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: expect.stringMatching(/problems\/max-param-length$/),
      title: 'URI Too Long',
      status: 414,
    });
  });

  it('answers a thrown problem with its status and stable type', async () => {
    const res = await app.inject({ method: 'GET', url: '/widgets/w1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ type: 'https://emporium.dev/problems/not-found', status: 404 });
  });

  it('hides internals of unknown errors and quotes the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-123' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.json().detail).toContain('req-123');
    expect(res.headers['x-request-id']).toBe('req-123');
  });

  it('generates a request id when the caller sends none or an unsafe one', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\n' },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toMatch(/route-not-found/);
  });

  it('turns unready while a dependency is down and ready again when it returns', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    dependencyUp = false;
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json().dependencies.database).toMatch(/connection refused/);
    dependencyUp = true;
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('counts requests per route in /metrics', async () => {
    const count = async () => {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find((l) => l.startsWith('http_requests_total') && l.includes('route="/widgets/:id"'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await count();
    await app.inject({ method: 'GET', url: '/widgets/w1' });
    await app.inject({ method: 'GET', url: '/widgets/w2' });
    expect(await count()).toBe(before + 2);
  });

  it('publishes an OpenAPI document built from the route schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/widgets'].post.requestBody).toBeDefined();
  });
});
