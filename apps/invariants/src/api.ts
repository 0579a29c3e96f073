// The gateway's public API as a client sees it, recording every call in the history. A call that
// gets no answer is recorded with status 0 rather than thrown: under faults that is an outcome
// like any other, and the checker must allow for it having taken effect.
import type { History, Operation } from './history.js';

export interface Call {
  kind: string;
  method: string;
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  refs?: string[];
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  operation: Operation;
}

const CALL_TIMEOUT_MS = 30_000;

export interface Api {
  call<T = Record<string, unknown>>(client: number, call: Call): Promise<Answer<T>>;
}

export function recordingApi(gateway: string, history: History): Api {
  return {
    async call<T>(client: number, call: Call): Promise<Answer<T>> {
      const startedMs = history.now();
      let status = 0;
      let body: unknown = {};
      let error: string | undefined;
      try {
        const response = await fetch(`${gateway}/api/v1${call.path}`, {
          method: call.method,
          headers: {
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
            ...call.headers,
          },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        status = response.status;
        const text = await response.text();
        body = text ? parseJson(text) : {};
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      const operation = history.record({
        client,
        kind: call.kind,
        method: call.method,
        path: call.path,
        ...(call.body === undefined ? {} : { request: call.body }),
        status,
        answer: body,
        ...(error ? { error } : {}),
        startedMs,
        endedMs: history.now(),
        refs: [...(call.refs ?? [])],
      });
      return { status, body: body as T, operation };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text: text.slice(0, 500) };
  }
}
