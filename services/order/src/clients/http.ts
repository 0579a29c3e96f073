// Calls to other services: JSON over keep-alive connections (undici), a timeout per call, and a
// clear split between answers (any status the callee meant) and transient failures worth
// retrying (no answer, timeout, 5xx, 429, or "the same request is still in progress").
import { type CallSpan, startCallSpan } from '@emporium/platform';
import { Agent, request } from 'undici';

// This module's own connection pools. Without one, undici's request uses the process-wide
// dispatcher, and whichever undici registers that first owns it: once anything has called the
// global fetch (Node's bundled, older undici), every call here would pass through a
// compatibility layer between the two versions.
const dispatcher = new Agent({ keepAliveTimeout: 30_000 });

export class TransientCallError extends Error {
  /** The status of an answer deemed transient (5xx, 429, in progress); none when nothing came. */
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
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

export function callJson<T = unknown>(call: JsonCall): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
  };
  // Adds `traceparent` when the caller runs under a span (tracing on); undefined otherwise.
  const span = startCallSpan(call.method, call.url, headers);
  return span ? endingSpan(span, send<T>(call, headers)) : send<T>(call, headers);
}

async function endingSpan<T>(span: CallSpan, answering: Promise<Answer<T>>): Promise<Answer<T>> {
  try {
    const answer = await answering;
    span.end({ statusCode: answer.status });
    return answer;
  } catch (error) {
    const status = error instanceof TransientCallError ? error.status : undefined;
    span.end(status === undefined ? { error } : { statusCode: status });
    throw error;
  }
}

async function send<T>(call: JsonCall, headers: Record<string, string>): Promise<Answer<T>> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(call.url, {
      dispatcher,
      method: call.method,
      headers,
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
    throw new TransientCallError(
      `${call.method} ${call.url} answered ${response.statusCode} ${type}`,
      response.statusCode,
    );
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
