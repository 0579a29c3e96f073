// A small HTTP client for the cluster's gateway: JSON in and out, a deadline on every request,
// and an error that says which request failed and how.
export const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:30080';
const REQUEST_TIMEOUT_MS = 10_000;

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
  try {
    const res = await fetch(`${GATEWAY}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : undefined };
  } catch (error) {
    throw new RequestFailed(`${method} ${path}`, undefined, error);
  }
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
