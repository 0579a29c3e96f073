// Secrets never reach a log line, whichever way they travel: error properties, objects, URLs.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPgliteDatabase, createService } from '../src/index.js';

describe('the service log', () => {
  it('keeps the bound values of a failed statement out of the error it logs', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const db = await createPgliteDatabase();
    const app = await createService({ name: 'log-test', logDestination: destination });
    app.get('/pglite-crash', async () => {
      // PGlite attaches the statement's values to its error: here a token beside a NUL jsonb refuses.
      await db.query('select $1::jsonb', [
        JSON.stringify({ resetToken: 'tok-pglite-secret', name: 'a\u0000' }),
      ]);
    });
    app.get('/crash', async () => {
      // What PGlite throws when a statement fails: the values it was given ride along.
      throw Object.assign(new Error('unsupported Unicode escape sequence'), {
        code: '22P05',
        params: ['{"verificationToken":"tok-params-secret"}'],
        detail: 'Failing row contains (1, {"token": "tok-detail-secret"}).',
        where: 'JSON data, line 1: {"token":"tok-where-secret\nunnamed portal parameter $1 = \'tok-param\'',
      });
    });
    app.get('/echo', async (request) => {
      request.log.info({ body: { password: 'pw-secret', refreshToken: 'rt-secret' } }, 'echo');
      return {};
    });
    const crashed = await app.inject({ method: 'GET', url: '/crash?token=tok-query-secret' });
    expect(crashed.statusCode).toBe(500);
    expect((await app.inject({ method: 'GET', url: '/pglite-crash' })).statusCode).toBe(500);
    await app.inject({ method: 'GET', url: '/echo', headers: { authorization: 'Bearer at-secret' } });
    await app.close();
    await db.close();

    const log = lines.join('');
    expect(log).toContain('unsupported Unicode escape sequence');
    expect(log).toContain('22P05');
    const leaks = [
      'tok-pglite-secret',
      'tok-params-secret',
      'tok-detail-secret',
      'tok-where-secret',
      'tok-param',
      'tok-query-secret',
    ];
    for (const secret of leaks) {
      expect(log).not.toContain(secret);
    }
    for (const secret of ['pw-secret', 'rt-secret', 'at-secret']) expect(log).not.toContain(secret);
  });

  it('binds every line a request logs to its request id, however late the logger is first used', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await createService({ name: 'log-test', logLevel: 'info', logDestination: destination });
    app.get('/quiet', async (request) => {
      request.log.debug('below the level');
      return { level: request.log.level };
    });
    app.get('/talk', async (request) => {
      request.log.info('said once');
      request.log.child({ step: 'second' }).warn('said twice');
      return {};
    });
    const quiet = await app.inject({
      method: 'GET',
      url: '/quiet',
      headers: { 'x-request-id': 'req-quiet' },
    });
    expect(quiet.json()).toEqual({ level: 'info' });
    await app.inject({ method: 'GET', url: '/talk', headers: { 'x-request-id': 'req-talk' } });
    await app.close();

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.find((line) => line.msg === 'below the level')).toBeUndefined();
    expect(parsed.find((line) => line.msg === 'said once')).toMatchObject({ reqId: 'req-talk', level: 30 });
    expect(parsed.find((line) => line.msg === 'said twice')).toMatchObject({
      reqId: 'req-talk',
      step: 'second',
    });
    // Fastify's own per-request lines go through the same logger.
    expect(
      parsed.find((line) => line.msg === 'request completed' && line.reqId === 'req-quiet'),
    ).toBeDefined();
  });
});
