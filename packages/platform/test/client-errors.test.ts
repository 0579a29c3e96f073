import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type ServiceApp } from '../src/index.js';

/** Sends raw bytes and reads the whole answer: these requests never reach a route. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe("requests Node's HTTP parser refuses", () => {
  let app: ServiceApp;
  let port: number;

  beforeAll(async () => {
    app = await createService({ name: 'client-errors-test', logLevel: 'silent' });
    app.get('/widgets', async () => []);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it.each([
    ['headers too large', `GET /widgets?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 431],
    ['malformed HTTP', 'GET /widgets HTTP/1.1\r\nHost a\r\n\r\n', 400],
  ])('answer %s with a problem', async (_case, request, status) => {
    const answer = await rawExchange(port, request);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body!)).toMatchObject({ status, type: expect.stringMatching(/problems\//) });
  });
});
