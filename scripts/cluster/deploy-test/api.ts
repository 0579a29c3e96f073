// A small HTTP client for the cluster's gateway: JSON in and out, a deadline on every request,
// and an error that says which request failed and how. Every request opens a connection of its
// own: kube-proxy picks the Service's pods per connection, so a reused one would keep talking to
// the colour that was live when it opened, and a blue-green switch would go unseen.
import { request } from 'node:http';

export const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:30080';
const REQUEST_TIMEOUT_MS = 10_000;
// A connection refused before a byte was sent left the request unseen by any server, so it is
// retried once, as an HTTP client may retry any request that never left it. The pause outlasts
// a kube-proxy rule sync; a gateway that is down or unready refuses the retry too, and fails.
const REFUSED_RETRY_DELAY_MS = 300;

/** Connections refused and retried once with success, reported beside the failures. */
export const refusedAndRetried: string[] = [];

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads a few known fields of each answer
  body: any;
}

export class RequestFailed extends Error {
  constructor(
    readonly what: string,
    readonly answer: Answer | undefined,
    cause?: unknown,
  ) {
    super(
      answer
        ? `${what}: HTTP ${answer.status} ${String(JSON.stringify(answer.body)).slice(0, 300)}`
        : `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export async function call(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  try {
    const { status, text } = await sendOnceMoreIfRefused(method, `${GATEWAY}${path}`, headers, body);
    return { status, body: text ? safeJson(text) : undefined };
  } catch (error) {
    throw new RequestFailed(`${method} ${path}`, undefined, error);
  }
}

async function sendOnceMoreIfRefused(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  try {
    return await send(method, url, headers, body);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
    await new Promise((resolve) => setTimeout(resolve, REFUSED_RETRY_DELAY_MS));
    const answer = await send(method, url, headers, body);
    refusedAndRetried.push(`${new Date().toISOString()} ${method} ${new URL(url).pathname}`);
    return answer;
  }
}

/** One request on a new connection (agent: false), closed after the answer. */
function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, agent: false, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Like call(), but any status other than the expected ones is an error. */
export async function expectStatus(
  expected: number | number[],
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: Parameters<typeof call>[2] = {},
): Promise<Answer> {
  const answer = await call(method, path, options);
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (!allowed.includes(answer.status)) throw new RequestFailed(`${method} ${path}`, answer);
  return answer;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ''}`);
}
