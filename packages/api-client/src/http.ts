// The transport every endpoint shares: openapi-fetch over the generated paths, with the access
// token added to each request and one refresh-and-retry when the answer is 401.
import createClient from 'openapi-fetch';
import { ApiError, networkProblem, problemFromResponse } from './problem.js';
import type { paths } from './schema.js';
import { AuthSession, type RefreshOutcome, type TokenStorage } from './session.js';
import type { Session } from './types.js';

export interface ClientOptions {
  /** The gateway's origin, e.g. `https://shop.example`; empty for same-origin (the web app). */
  baseUrl?: string;
  storage: TokenStorage;
  fetch?: (request: Request) => Promise<Response>;
}

// A 401 from these means wrong credentials or a spent token, not an expired access token.
const NO_REFRESH = /\/api\/v1\/auth\/(login|register|refresh|logout|password\/(forgot|reset))$/;

export type Rest = ReturnType<typeof createClient<paths>>;

export interface Transport {
  rest: Rest;
  session: AuthSession;
  baseUrl: string;
  /** Sends a request (a URL under baseUrl) with the session's token and the 401 retry. */
  authorizedFetch(request: Request): Promise<Response>;
}

export function createTransport(options: ClientOptions): Transport {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  const session = new AuthSession(options.storage, async (refreshToken): Promise<RefreshOutcome> => {
    try {
      const response = await baseFetch(
        new Request(`${baseUrl}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        }),
      );
      if (response.ok) return { session: (await response.json()) as Session };
      return response.status === 401 ? { rejected: true } : { unreachable: true };
    } catch {
      return { unreachable: true };
    }
  });

  const withToken = (request: Request) => {
    const token = session.token;
    if (token && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${token}`);
    return baseFetch(request);
  };

  async function authorizedFetch(request: Request): Promise<Response> {
    const retry = request.clone();
    const first = await withToken(request);
    if (first.status !== 401 || NO_REFRESH.test(new URL(request.url).pathname)) return first;
    if (!(await session.storedRefreshToken()) || !(await session.refresh())) return first;
    return withToken(retry);
  }

  const rest = createClient<paths>({ baseUrl, fetch: authorizedFetch });
  return { rest, session, baseUrl, authorizedFetch };
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; an ApiError (problem+json) for anything else. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError || (error as Error)?.name === 'AbortError') throw error;
    throw networkProblem(error);
  }
  if (!result.response.ok) throw problemFromResponse(result.response, result.error);
  return result.data as T;
}
