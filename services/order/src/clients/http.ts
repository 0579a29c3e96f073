// Calls to other services: JSON over keep-alive connections (undici), a timeout per call, and a
// clear split between answers (any status the callee meant) and transient failures worth
// retrying (no answer, timeout, 5xx, 429, or "the same request is still in progress").
import { request } from 'undici';

export class TransientCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientCallError';
  }
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface JsonCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMs: number;
}

export async function callJson<T = unknown>(call: JsonCall): Promise<Answer<T>> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(call.url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      // undici's own timers, not AbortSignal.timeout: that one's timer outlives every call that
      // answered in time and builds a DOMException when it fires, a cost paid on every call.
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    });
  } catch (error) {
    throw new TransientCallError(`${call.method} ${call.url} got no answer: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    const text = await response.body.text();
    body = text ? JSON.parse(text) : undefined;
  } catch (error) {
    throw new TransientCallError(
      `${call.method} ${call.url} answer was cut off: ${(error as Error).message}`,
    );
  }
  const type = (body as { type?: string } | undefined)?.type ?? '';
  if (response.statusCode >= 500 || response.statusCode === 429 || type.endsWith('/request-in-progress')) {
    throw new TransientCallError(`${call.method} ${call.url} answered ${response.statusCode} ${type}`);
  }
  return { status: response.statusCode, body: body as T };
}

/** An answer nobody planned for: a bug on one side, not something to retry. */
export class UnexpectedAnswerError extends Error {
  constructor(what: string, answer: Answer) {
    super(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    this.name = 'UnexpectedAnswerError';
  }
}
