// Every auth flow, and requests that fail inside the service, against the real service process with
// its whole log captured (trace level): no password or token it handled may appear in it. On both
// SQL adapters: PGlite (the embedded quick start) attaches a failed statement's values to its error.
import { eventSchemas } from '@emporium/contracts';
import { type EventBus, type EventEnvelope, openEventBus } from '@emporium/platform';
import {
  createTestDatabase,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthProcess, startAuthProcess } from './auth-process.js';
import { STRONG_PASSWORD, uniqueEmail } from './harness.js';

const NEW_PASSWORD = 'marble lantern quiet 77';
// A secret-bearing field followed by a value that is not the redaction marker, however quoted.
const UNREDACTED_FIELD =
  /(password|token|accesstoken|refreshtoken|verificationtoken|resettoken)\\?"?\s*[:=]\s*\\?"(?!\[redacted)/i;

const backends = ['postgres', 'pglite'] as const;

describe.each(backends)('secrets in the auth service log (%s)', (backend) => {
  let database: TestDatabase | undefined;
  let auth: AuthProcess;
  let bus: EventBus;
  const events: EventEnvelope[] = [];
  const secrets = new Set<string>();
  let lastRequestId = '';

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${auth.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    lastRequestId = res.headers.get('x-request-id') ?? lastRequestId;
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const eventData = async (type: string, userId: string) => {
    const find = () =>
      events.find((e) => e.type === type && (e.data as { userId: string }).userId === userId);
    await waitFor(() => find() !== undefined);
    return find()!.data as Record<string, string>;
  };
  const keep = (...values: string[]) => {
    for (const value of values) secrets.add(value);
  };

  beforeAll(async () => {
    if (backend === 'postgres') database = await createTestDatabase('auth_logs');
    const exchange = `${uniqueName('x')}.events`;
    bus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
    await bus.subscribe({
      consumer: 'auth-log-test',
      eventTypes: ['user.*'],
      handle: async (event) => {
        events.push(event);
      },
    });
    auth = await startAuthProcess({
      DATABASE_URL: database?.url ?? 'pglite:memory',
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('auth')}:`,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: exchange,
      LOG_LEVEL: 'trace',
      AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
  });
  afterAll(async () => {
    await auth?.stop();
    await bus?.close();
    await database?.drop();
  });

  it('logs none of the passwords and tokens of register, verify, login, refresh, reset and logout', async () => {
    const email = uniqueEmail();
    keep(STRONG_PASSWORD, NEW_PASSWORD);

    const registered = await call('POST', '/auth/register', {
      email,
      password: STRONG_PASSWORD,
      displayName: 'Ada',
    });
    expect(registered.status).toBe(201);
    const userId = registered.body.user.id as string;
    keep(registered.body.accessToken, registered.body.refreshToken);

    const { verificationToken } = await eventData('user.registered', userId);
    keep(verificationToken!);
    expect((await call('POST', '/auth/verify-email', { token: verificationToken })).status).toBe(200);

    const login = await call('POST', '/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    keep(login.body.accessToken, login.body.refreshToken);
    expect((await call('GET', '/auth/me', undefined, login.body.accessToken)).status).toBe(200);

    const refreshed = await call('POST', '/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    keep(refreshed.body.accessToken, refreshed.body.refreshToken);

    expect((await call('POST', '/auth/password/forgot', { email })).status).toBe(202);
    const { resetToken } = await eventData('user.password_reset_requested', userId);
    keep(resetToken!);
    expect(
      (await call('POST', '/auth/password/reset', { token: resetToken, newPassword: NEW_PASSWORD })).status,
    ).toBe(204);

    const again = await call('POST', '/auth/login', { email, password: NEW_PASSWORD });
    expect(again.status).toBe(200);
    keep(again.body.accessToken, again.body.refreshToken);
    expect((await call('POST', '/auth/logout', { refreshToken: again.body.refreshToken })).status).toBe(204);
    // A wrong password and a spent refresh token: refusals are logged too.
    expect((await call('POST', '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);

    await expectNoSecretInLog();
  });

  it('refuses a NUL in the display name with 400, creating no account and logging no token', async () => {
    const email = uniqueEmail();
    const refused = await call('POST', '/auth/register', {
      email,
      password: STRONG_PASSWORD,
      displayName: 'Ada\u0000Lovelace',
    });
    // First the log: a NUL reaching the database crashed this request and logged its event's token.
    await expectNoSecretInLog();
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'body.displayName', message: expect.any(String) }]);
    // No account was made: the address is still free.
    const registered = await call('POST', '/auth/register', { email, password: STRONG_PASSWORD });
    expect(registered.status).toBe(201);
    keep(registered.body.accessToken, registered.body.refreshToken);
    await expectNoSecretInLog();
  });

  // Only PostgreSQL can be made to fail from outside the service's process.
  if (backend === 'postgres') {
    it('logs a failed statement without the event data it was writing', async () => {
      const existing = uniqueEmail();
      expect(
        (await call('POST', '/auth/register', { email: existing, password: STRONG_PASSWORD })).status,
      ).toBe(201);
      // Forced: every outbox write fails, so registering (a 500) and a reset request (logged in the
      // background) each fail on a row that holds their e-mailed token.
      await withDatabase((client) =>
        client.query('alter table event_outbox add constraint refuse_events check (false) not valid'),
      );
      try {
        const crashed = await call('POST', '/auth/register', {
          email: uniqueEmail(),
          password: STRONG_PASSWORD,
        });
        expect(crashed.status).toBe(500);
        expect((await call('POST', '/auth/password/forgot', { email: existing })).status).toBe(202);
        await waitFor(() => auth.output().includes('password reset request failed'));
      } finally {
        await withDatabase((client) =>
          client.query('alter table event_outbox drop constraint refuse_events'),
        );
      }
      expect(auth.output()).toMatch(/"level":50.*"unhandled error"/);
      expect(auth.output()).toContain('refuse_events');
      await expectNoSecretInLog();
    });
  }

  async function expectNoSecretInLog() {
    // The log arrives through a pipe: wait for the last request's final line, and so all before it.
    const completed = (line: string) => line.includes(lastRequestId) && line.includes('request completed');
    await waitFor(() => auth.output().split('\n').some(completed));
    const log = auth.output();
    for (const secret of secrets)
      expect(log.includes(secret), `log contains ${secret.slice(0, 8)}…`).toBe(false);
    const line = log.split('\n').find((l) => UNREDACTED_FIELD.test(l));
    expect(line, 'a log line holds a secret-bearing field').toBeUndefined();
  }

  async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
});
