import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createService,
  INTERNAL_TOKEN_HEADER,
  internalTokenHeaders,
  registerInternalBatch,
  requireInternalToken,
  type ServiceApp,
} from '../src/index.js';

const TOKEN = 'a-shared-internal-token-of-40-characters!';

/** A service with one internal and one public route, guarded by `token` when given. */
async function serviceWith(token: string | undefined): Promise<ServiceApp> {
  const app = await createService({ name: 'internal-token-test', logLevel: 'silent' });
  requireInternalToken(app, token);
  app.get('/internal/things', async () => ({ things: [] }));
  app.post('/internal/things', async (_request, reply) => reply.status(201).send({ created: true }));
  app.get('/things', async () => ({ public: true }));
  registerInternalBatch(app);
  await app.ready();
  return app;
}

describe('requireInternalToken, with a token configured', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await serviceWith(TOKEN);
  });
  afterAll(() => app.close());

  it('refuses an internal call without the header with 401 problem+json naming the header', async () => {
    const res = await app.inject({ method: 'GET', url: '/internal/things' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: 'https://emporium.dev/problems/internal-token-required',
      status: 401,
      detail: expect.stringContaining(INTERNAL_TOKEN_HEADER),
    });
  });

  it.each([
    ['of the same length', `${TOKEN.slice(0, -1)}?`],
    ['that is shorter', TOKEN.slice(0, -1)],
    ['that is longer', `${TOKEN}!`],
    ['that is empty', ''],
  ])('refuses a wrong token %s', async (_case, token) => {
    const res = await app.inject({
      method: 'POST',
      url: '/internal/things',
      headers: { [INTERNAL_TOKEN_HEADER]: token },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toMatch(/internal-token-required$/);
  });

  it('lets a call with the token reach the route', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/internal/things',
      headers: internalTokenHeaders(TOKEN),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ created: true });
  });

  it('leaves routes outside /internal/ alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/things' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('refuses an internal path hidden behind a percent-escape', async () => {
    const res = await app.inject({ method: 'GET', url: '/%69nternal/things' });
    expect(res.statusCode).toBe(401);
  });

  it('answers an unknown internal route with 401 before the token, 404 after', async () => {
    expect((await app.inject({ method: 'GET', url: '/internal/nothing' })).statusCode).toBe(401);
    const found = await app.inject({
      method: 'GET',
      url: '/internal/nothing',
      headers: internalTokenHeaders(TOKEN),
    });
    expect(found.statusCode).toBe(404);
  });

  it('guards the batch route, and each call in a batch as if it came alone', async () => {
    const calls = [
      { method: 'GET', url: '/internal/things', headers: internalTokenHeaders(TOKEN) },
      { method: 'GET', url: '/internal/things' },
    ];
    const bare = await app.inject({ method: 'POST', url: '/internal/batch', payload: { calls } });
    expect(bare.statusCode).toBe(401);
    const batch = await app.inject({
      method: 'POST',
      url: '/internal/batch',
      headers: internalTokenHeaders(TOKEN),
      payload: { calls },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().map((answer: { status: number }) => answer.status)).toEqual([200, 401]);
  });
});

describe('requireInternalToken, without a token', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await serviceWith(undefined);
  });
  afterAll(() => app.close());

  it('leaves the internal routes open (local runs, tests, the embedded quick start)', async () => {
    expect((await app.inject({ method: 'GET', url: '/internal/things' })).statusCode).toBe(200);
    expect(internalTokenHeaders(undefined)).toEqual({});
  });
});
