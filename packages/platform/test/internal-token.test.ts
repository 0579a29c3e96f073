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
// Another length than TOKEN's, so that each accepted value is compared on its own.
const ALSO_ACCEPTED = 'the-other-value-of-a-rotation-of-48-characters!!';

/** A service with one internal and one public route, guarded by the tokens given. */
async function serviceWith(tokens: { token?: string; alsoAccepted?: string }): Promise<ServiceApp> {
  const app = await createService({ name: 'internal-token-test', logLevel: 'silent' });
  requireInternalToken(app, tokens);
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
    app = await serviceWith({ token: TOKEN });
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

  it('refuses a value that is accepted only when INTERNAL_TOKEN_ALSO_ACCEPTED names it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/internal/things',
      headers: internalTokenHeaders(ALSO_ACCEPTED),
    });
    expect(res.statusCode).toBe(401);
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

describe('requireInternalToken, with a second value accepted during a rotation', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await serviceWith({ token: TOKEN, alsoAccepted: ALSO_ACCEPTED });
  });
  afterAll(() => app.close());

  it.each([
    ['INTERNAL_TOKEN', TOKEN],
    ['INTERNAL_TOKEN_ALSO_ACCEPTED', ALSO_ACCEPTED],
  ])('lets a call with %s reach the route', async (_name, token) => {
    const res = await app.inject({
      method: 'POST',
      url: '/internal/things',
      headers: internalTokenHeaders(token),
    });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['a third value', 'a-third-value-that-neither-side-configured-000000'],
    ['a value as long as the second one', `${ALSO_ACCEPTED.slice(0, -1)}?`],
    ['no header', undefined],
  ])('refuses %s', async (_case, token) => {
    const res = await app.inject({
      method: 'POST',
      url: '/internal/things',
      headers: internalTokenHeaders(token),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toMatch(/internal-token-required$/);
  });
});

describe('requireInternalToken, with only the second value', () => {
  it('still guards the internal routes: the hook never opens up on a half configuration', async () => {
    const app = await serviceWith({ alsoAccepted: ALSO_ACCEPTED });
    try {
      expect((await app.inject({ method: 'GET', url: '/internal/things' })).statusCode).toBe(401);
      const res = await app.inject({
        method: 'GET',
        url: '/internal/things',
        headers: internalTokenHeaders(ALSO_ACCEPTED),
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('requireInternalToken, without a token', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await serviceWith({});
  });
  afterAll(() => app.close());

  it('leaves the internal routes open (a service started by hand, tests)', async () => {
    expect((await app.inject({ method: 'GET', url: '/internal/things' })).statusCode).toBe(200);
    expect(internalTokenHeaders(undefined)).toEqual({});
  });
});
