// The shared client's token handling and errors, against a stand-in gateway (a fetch function):
// one refresh-and-retry on 401, one refresh for many concurrent 401s, sign-out when the refresh
// is refused, and problem+json surfaced as typed errors with field errors.
import { describe, expect, test } from 'vitest';
import { ApiError, createEmporiumClient, memoryStorage } from '../src/index.js';

const session = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  user: { id: 'user-1', email: 'ada@example.com', roles: ['customer'], emailVerified: true },
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A gateway accepting only the newest access token; each refresh spends the token and hands out the next. */
function gateway() {
  let issued = 1;
  let refreshes = 0;
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    seen.push(`${request.method} ${path} ${request.headers.get('authorization') ?? '-'}`);
    if (path === '/api/v1/auth/login') return json(session(issued));
    if (path === '/api/v1/auth/refresh') {
      refreshes += 1;
      const { refreshToken } = (await request.json()) as { refreshToken: string };
      if (refreshToken !== `refresh-${issued}`)
        return json({ type: 'x/invalid-refresh-token', title: 'No', status: 401 }, 401);
      issued += 1;
      return json(session(issued));
    }
    if (path === '/api/v1/users/me') {
      if (request.headers.get('authorization') !== `Bearer access-${issued}`) {
        return json(
          { type: 'https://emporium.dev/problems/unauthorized', title: 'Unauthorized', status: 401 },
          401,
        );
      }
      return json({ id: 'user-1', email: 'ada@example.com', name: null, phone: null });
    }
    if (path === '/api/v1/users/me/addresses') {
      return json(
        {
          type: 'https://emporium.dev/problems/validation',
          title: 'Request validation failed',
          status: 400,
          errors: [{ field: 'body.postalCode', message: 'must NOT have more than 20 characters' }],
        },
        400,
      );
    }
    return json({ type: 'x/not-found', title: 'Not found', status: 404 }, 404);
  };
  return { fetch, seen, refreshes: () => refreshes };
}

describe('the API client', () => {
  test('refreshes once on a 401 and repeats the request with the new token', async () => {
    const fake = gateway();
    const storage = memoryStorage();
    const client = createEmporiumClient({ baseUrl: 'http://shop.test', storage, fetch: fake.fetch });
    await client.auth.login({ email: 'ada@example.com', password: 'x' });
    await client.session.refresh();
    // As after a reload: no access token in memory, only the stored refresh token.
    const reloaded = createEmporiumClient({ baseUrl: 'http://shop.test', storage, fetch: fake.fetch });
    expect(await reloaded.account.profile()).toMatchObject({ email: 'ada@example.com' });
    expect(fake.seen.filter((s) => s.startsWith('GET /api/v1/users/me'))).toEqual([
      'GET /api/v1/users/me -',
      'GET /api/v1/users/me Bearer access-3',
    ]);
    expect(await storage.getItem('emporium.refreshToken')).toBe('refresh-3');
  });

  test('shares one refresh among requests that fail together', async () => {
    const fake = gateway();
    const storage = memoryStorage();
    await createEmporiumClient({ baseUrl: 'http://shop.test', storage, fetch: fake.fetch }).auth.login({
      email: 'ada@example.com',
      password: 'x',
    });
    const fresh = createEmporiumClient({ baseUrl: 'http://shop.test', storage, fetch: fake.fetch });
    const before = fake.refreshes();
    await Promise.all([fresh.account.profile(), fresh.account.profile(), fresh.account.profile()]);
    expect(fake.refreshes() - before).toBe(1);
  });

  test('signs out when the refresh token is refused, and reports the 401', async () => {
    const fake = gateway();
    const storage = memoryStorage();
    await storage.setItem('emporium.refreshToken', 'refresh-from-a-stolen-laptop');
    const client = createEmporiumClient({ baseUrl: 'http://shop.test', storage, fetch: fake.fetch });

    const error = await client.account.profile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(await storage.getItem('emporium.refreshToken')).toBeNull();
    expect(client.session.currentUser).toBeNull();
  });

  test('surfaces problem+json as an ApiError with its slug and field errors', async () => {
    const fake = gateway();
    const client = createEmporiumClient({
      baseUrl: 'http://shop.test',
      storage: memoryStorage(),
      fetch: fake.fetch,
    });
    const error = (await client.account
      .addAddress({ name: 'A', line1: 'B', city: 'C', postalCode: 'x'.repeat(30), country: 'US' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.slug).toBe('validation');
    expect(error.fieldErrors).toEqual({ postalCode: 'must NOT have more than 20 characters' });
  });

  test('reports an unreachable gateway as a network problem, not a crash', async () => {
    const client = createEmporiumClient({
      baseUrl: 'http://shop.test',
      storage: memoryStorage(),
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = (await client.catalog.categories().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.slug).toBe('network');
    expect(error.status).toBe(0);
  });
});
