// The order service's calls to other services, over real sockets: calls to one service issued
// together travel as one POST /internal/batch and each gets its own answer; a service without the
// batch route is called one by one.
import {
  createService,
  problems,
  registerInternalBatch,
  requireInternalToken,
  type ServiceApp,
} from '@emporium/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callJson, TransientCallError } from '../src/clients/http.js';

/**
 * A service with a few internal routes, counting the HTTP requests that reach it. While
 * `batches.refused` is set its batch route answers 404, as a pod of an older release would.
 */
async function startService(withBatch: boolean, internalToken?: string) {
  const app: ServiceApp = await createService({ name: 'callee', logLevel: 'silent' });
  requireInternalToken(app, { token: internalToken });
  const requests: string[] = [];
  const batches = { refused: false };
  app.addHook('onRequest', (request, reply, done) => {
    // Calls answered inside a batch arrive by inject, not over the socket.
    if (request.raw.socket?.remotePort) requests.push(`${request.method} ${request.url}`);
    if (batches.refused && request.url === '/internal/batch') {
      reply.status(404).send({ status: 404 });
      return;
    }
    done();
  });
  app.put('/internal/things/:id', async (request) => ({
    id: (request.params as { id: string }).id,
    key: request.headers['idempotency-key'] ?? null,
  }));
  app.get('/internal/busy', async (_request, reply) =>
    reply.status(503).type('application/problem+json').send({ type: 'about:blank', status: 503 }),
  );
  app.get('/internal/missing', async () => {
    throw problems.notFound('Thing');
  });
  if (withBatch) registerInternalBatch(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, requests, batches };
}

const put = (url: string, id: string, internalToken?: string) =>
  callJson<{ id: string; key: string | null }>({
    method: 'PUT',
    url: `${url}/internal/things/${id}`,
    body: {},
    idempotencyKey: `key-${id}`,
    timeoutMs: 2000,
    internalToken,
  });

describe('calls to a service with a batch route', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(true);
  });
  afterAll(() => service.app.close());

  it('sends calls issued together as one request, each with its own answer', async () => {
    const answers = await Promise.all(['a', 'b', 'c'].map((id) => put(service.url, id)));
    expect(answers.map((a) => a.body)).toEqual([
      { id: 'a', key: 'key-a' },
      { id: 'b', key: 'key-b' },
      { id: 'c', key: 'key-c' },
    ]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(service.requests).toEqual(['POST /internal/batch']);
  });

  it('sends a lone call as itself', async () => {
    service.requests.length = 0;
    expect((await put(service.url, 'd')).body).toEqual({ id: 'd', key: 'key-d' });
    expect(service.requests).toEqual(['PUT /internal/things/d']);
  });

  it('fails only the call whose answer is worth retrying, and answers the others', async () => {
    const [busy, missing, fine] = await Promise.allSettled([
      callJson({ method: 'GET', url: `${service.url}/internal/busy`, timeoutMs: 2000 }),
      callJson({ method: 'GET', url: `${service.url}/internal/missing`, timeoutMs: 2000 }),
      put(service.url, 'e'),
    ]);
    expect(busy.status === 'rejected' && busy.reason).toBeInstanceOf(TransientCallError);
    expect(missing).toMatchObject({ status: 'fulfilled', value: { status: 404 } });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { body: { id: 'e' } } });
  });

  it('fails every call of a batch that got no answer, as worth retrying', async () => {
    const gone = await startService(true);
    await gone.app.close();
    const outcomes = await Promise.allSettled([put(gone.url, 'f'), put(gone.url, 'g')]);
    for (const outcome of outcomes) {
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(TransientCallError);
    }
  });
});

describe('calls to a service without a batch route', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(false);
  });
  afterAll(() => service.app.close());

  it('answers every call, one request each once the batch was refused', async () => {
    const first = await Promise.all(['a', 'b'].map((id) => put(service.url, id)));
    expect(first.map((a) => a.body.id)).toEqual(['a', 'b']);
    service.requests.length = 0;
    const second = await Promise.all(['c', 'd'].map((id) => put(service.url, id)));
    expect(second.map((a) => a.body.id)).toEqual(['c', 'd']);
    expect(service.requests.sort()).toEqual(['PUT /internal/things/c', 'PUT /internal/things/d']);
  });
});

describe('calls to a service that wants the internal token', () => {
  const token = 'call-batching-test-internal-token-0123456789';
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(true, token);
  });
  afterAll(() => service.app.close());

  it('sends the token on a batch and on each call in it', async () => {
    const answers = await Promise.all(['a', 'b'].map((id) => put(service.url, id, token)));
    expect(answers.map((a) => [a.status, a.body.id])).toEqual([
      [200, 'a'],
      [200, 'b'],
    ]);
    expect(service.requests).toEqual(['POST /internal/batch']);
  });

  it('sends the token on a lone call', async () => {
    expect((await put(service.url, 'c', token)).status).toBe(200);
  });

  it('gets the refusal as an answer, not worth retrying, without the token', async () => {
    const answers = await Promise.all(['d', 'e'].map((id) => put(service.url, id)));
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect((await put(service.url, 'f')).status).toBe(401);
  });
});

describe('calls to a service whose batch route was missing for a while', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(true);
  });
  afterAll(() => service.app.close());
  afterEach(() => vi.restoreAllMocks());

  it('offers batches again once the refusal is old, as after a release', async () => {
    service.batches.refused = true;
    await Promise.all(['a', 'b'].map((id) => put(service.url, id)));
    service.batches.refused = false;
    service.requests.length = 0;
    await Promise.all(['c', 'd'].map((id) => put(service.url, id)));
    expect(service.requests.sort()).toEqual(['PUT /internal/things/c', 'PUT /internal/things/d']);

    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 60_000);
    service.requests.length = 0;
    const answers = await Promise.all(['e', 'f'].map((id) => put(service.url, id)));
    expect(answers.map((a) => a.body.id)).toEqual(['e', 'f']);
    expect(service.requests).toEqual(['POST /internal/batch']);
  });
});
