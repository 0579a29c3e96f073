// A stand-in for the gateway in component tests: routes by method and path to handlers the test
// writes, records every request, and answers JSON or problem+json like the real services.
import { createEmporiumClient, memoryStorage } from '@emporium/api-client';

export interface Recorded {
  method: string;
  path: string;
  /** The query string, `?…` or empty. */
  search: string;
  body: unknown;
  headers: Headers;
}

type Handler = (request: Recorded) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function problem(
  status: number,
  slug: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Response {
  return new Response(
    JSON.stringify({
      type: `https://emporium.dev/problems/${slug}`,
      title: slug,
      status,
      detail,
      ...extensions,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

export function fakeGateway(routes: Record<string, Handler>) {
  const requests: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    const recorded: Recorded = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      // JSON as parsed; any other body (a multipart upload) as its text.
      body: text
        ? request.headers.get('content-type')?.includes('json')
          ? JSON.parse(text)
          : text
        : undefined,
      headers: request.headers,
    };
    requests.push(recorded);
    const key = `${request.method} ${url.pathname}`;
    const handler = routes[key];
    if (!handler) return problem(404, 'route-not-found', `No fake route for ${key}`);
    return handler(recorded);
  };
  const client = createEmporiumClient({ baseUrl: 'http://shop.test', storage: memoryStorage(), fetch });
  return { client, requests, sent: (key: string) => requests.filter((r) => `${r.method} ${r.path}` === key) };
}
