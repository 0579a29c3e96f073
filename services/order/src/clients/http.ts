// Calls to other services: JSON over keep-alive connections (undici), a timeout per call, and a
// clear split between answers (any status the callee meant) and transient failures worth
// retrying (no answer, timeout, 5xx, 429, or "the same request is still in progress").
import {
  type BatchAnswer,
  type BatchCall,
  BatchItemFailure,
  type CallSpan,
  createBatcher,
  INTERNAL_BATCH_PATH,
  internalTokenHeaders,
  MAX_BATCH_CALLS,
  startCallSpan,
} from '@emporium/platform';
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
  /** The callee's /internal/* routes want it (INTERNAL_TOKEN); unset, none is sent. */
  internalToken?: string;
}

export function callJson<T = unknown>(call: JsonCall): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
    ...internalTokenHeaders(call.internalToken),
  };
  // Adds `traceparent` when the caller runs under a span (tracing on); undefined otherwise.
  const span = startCallSpan(call.method, call.url, headers);
  const answering = coalesced<T>(call, headers);
  return span ? endingSpan(span, answering) : answering;
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

// Calls to one service issued in the same turn of the event loop leave together, as one
// POST /internal/batch (the platform's internal-batch.ts), and each gets its own answer. A lone
// call goes as itself. Under load many saga steps finish in one turn, so their next calls share a
// request: one HTTP round trip's fixed cost instead of one each. A service that has no batch route
// (404) is called one by one for a while, then offered a batch again: during a rolling or
// blue-green release the 404 may have come from a pod of the previous release.
/** A call waiting for the others of its turn to the same origin. */
interface Queued {
  call: JsonCall;
  origin: string;
  /** The call's path and query: its URL within the batch. */
  path: string;
  headers: Record<string, string>;
}
/** Origins that refused a batch, and when to offer them one again. */
const unbatchedUntil = new Map<string, number>();
const UNBATCHED_FOR_MS = 30_000;

function takesBatches(origin: string): boolean {
  const until = unbatchedUntil.get(origin);
  if (until === undefined) return true;
  if (Date.now() < until) return false;
  unbatchedUntil.delete(origin);
  return true;
}

// One queue per origin; a batch holds no more calls than the callee's batch route accepts.
const batchedByOrigin = createBatcher<Queued, Answer>({
  keyOf: (queued) => queued.origin,
  maxBatch: MAX_BATCH_CALLS,
  run: (calls, origin) => leave(origin, calls),
});

function coalesced<T>(call: JsonCall, headers: Record<string, string>): Promise<Answer<T>> {
  const { origin, pathname, search } = new URL(call.url);
  if (!takesBatches(origin)) return send<T>(call, headers);
  return batchedByOrigin.add({ call, origin, path: `${pathname}${search}`, headers }) as Promise<Answer<T>>;
}

/** Each call's own answer or failure. */
async function leave(origin: string, calls: Queued[]): Promise<(Answer | BatchItemFailure)[]> {
  if (calls.length === 1) {
    const [one] = calls as [Queued];
    return [await send(one.call, one.headers)];
  }
  const timeoutMs = Math.max(...calls.map((c) => c.call.timeoutMs));
  // The calls to one service come from one client and share its token. The batch carries it to
  // pass the callee's guard; each call carries it too and is checked as if it came alone.
  const token = internalTokenHeaders(calls[0]?.call.internalToken);
  let answers: BatchAnswer[];
  try {
    const response = await request(`${origin}${INTERNAL_BATCH_PATH}`, {
      dispatcher,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...token },
      body: JSON.stringify({ calls: calls.map(asBatchCall) }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await response.body.text();
    if (response.statusCode === 404) {
      unbatchedUntil.set(origin, Date.now() + UNBATCHED_FOR_MS);
      return Promise.all(
        calls.map((one) => send(one.call, one.headers).catch((error) => new BatchItemFailure(error))),
      );
    }
    if (response.statusCode === 401) {
      // Refused as a whole for want of the internal token, as each call alone would be.
      const refusal: unknown = JSON.parse(text);
      answers = calls.map(() => ({ status: 401, body: refusal }));
    } else {
      if (response.statusCode !== 200) throw new Error(`batch answered ${response.statusCode}`);
      answers = JSON.parse(text) as BatchAnswer[];
    }
  } catch (error) {
    return calls.map(
      (one) =>
        new BatchItemFailure(
          new TransientCallError(
            `${one.call.method} ${one.call.url} got no answer (batched): ${(error as Error).message}`,
          ),
        ),
    );
  }
  return calls.map((one, i) => {
    const answer = answers[i];
    try {
      if (!answer)
        throw new TransientCallError(`${one.call.method} ${one.call.url} got no answer in its batch`);
      return classify(one.call, answer.status, answer.body);
    } catch (error) {
      return new BatchItemFailure(error);
    }
  });
}

function asBatchCall({ call, path, headers }: Queued): BatchCall {
  const { accept: _accept, 'content-type': _type, ...forwarded } = headers;
  return {
    method: call.method,
    url: path,
    headers: forwarded,
    ...(call.body !== undefined ? { body: call.body } : {}),
  };
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
  return classify<T>(call, response.statusCode, body);
}

/** An answer, or a TransientCallError for one worth retrying (5xx, 429, still in progress). */
function classify<T>(call: JsonCall, status: number, body: unknown): Answer<T> {
  const type = (body as { type?: string } | null | undefined)?.type ?? '';
  if (status >= 500 || status === 429 || type.endsWith('/request-in-progress')) {
    throw new TransientCallError(`${call.method} ${call.url} answered ${status} ${type}`, status);
  }
  return { status, body: (body ?? undefined) as T };
}

/** An answer nobody planned for: a bug on one side, not something to retry. */
export class UnexpectedAnswerError extends Error {
  constructor(what: string, answer: Answer) {
    super(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    this.name = 'UnexpectedAnswerError';
  }
}
