import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authentication,
  createService,
  HttpProblem,
  problems,
  refusals,
  type ServiceApp,
} from '../src/index.js';

const PROBLEM = 'application/problem+json';

describe('the generated OpenAPI document lists every refusal as a problem', () => {
  let app: ServiceApp;
  interface Response {
    description: string;
    content: Record<string, { schema: { required?: string[] } }>;
  }
  interface Operation {
    responses: Record<string, Response>;
    security?: unknown;
    parameters?: { name: string; required: boolean }[];
  }
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    app = await createService({ name: 'documented-problems-test', logLevel: 'silent' });
    // Refuses every token: only the guards' presence matters to the document.
    await app.register(authentication, {
      verifier: { verify: async () => Promise.reject(problems.unauthorized()) },
    });
    const Widget = Type.Object({ name: Type.String({ maxLength: 100 }) });
    app.get('/widgets', { schema: { response: { 200: Type.Array(Widget) } } }, async () => []);
    app.post(
      '/widgets',
      {
        preHandler: app.requireRole('admin'),
        schema: {
          body: Widget,
          response: { 201: Widget, 409: Type.Object({ type: Type.String() }, { description: 'Name taken' }) },
        },
      },
      async () => ({ name: 'x' }),
    );
    app.get(
      '/widgets/:id',
      {
        preHandler: app.optionalAuth,
        schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: refusals(409) },
      },
      async () => {
        throw new HttpProblem(409, 'widget-busy', 'Conflict', 'Widget is being repainted.', {
          until: 'noon',
        });
      },
    );
    app.get(
      '/gadgets',
      {
        schema: {
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            q: Type.String({ maxLength: 100 }),
          }),
        },
      },
      async () => [],
    );
    await app.ready();
    paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
  });
  afterAll(() => app.close());

  const statuses = (operation: { responses: Record<string, unknown> }) =>
    Object.keys(operation.responses).sort();

  it('adds what a body, a role guard and a path parameter can answer', () => {
    expect(statuses(paths['/widgets']!.get!)).toEqual(['200', '431', '503']);
    expect(statuses(paths['/widgets']!.post!)).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '431',
      '503',
    ]);
    expect(statuses(paths['/widgets/{id}']!.get!)).toEqual([
      '200',
      '400',
      '401',
      '404',
      '409',
      '414',
      '431',
      '503',
    ]);
  });

  it('describes each refusal with the problem media type, keeping a route’s own schema', () => {
    const post = paths['/widgets']!.post!;
    for (const status of ['400', '401', '403', '413', '415', '431', '503']) {
      expect(Object.keys(post.responses[status]!.content)).toEqual([PROBLEM]);
      expect(post.responses[status]!.content[PROBLEM]!.schema.required).toEqual(['type', 'title', 'status']);
    }
    expect(post.responses['409']).toMatchObject({
      description: 'Name taken',
      content: { [PROBLEM]: { schema: { properties: { type: { type: 'string' } } } } },
    });
    expect(Object.keys(post.responses['201']!.content)).toEqual(['application/json']);
  });

  it('names the bearer token where a guard reads one', () => {
    expect(paths['/widgets']!.post!.security).toEqual([{ bearerAuth: [] }]);
    expect(paths['/widgets/{id}']!.get!.security).toEqual([{}, { bearerAuth: [] }]);
    expect(paths['/widgets']!.get!.security).toBeUndefined();
  });

  it('answers as documented: a missing token on a guarded route is a 401 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/widgets', payload: { name: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('serves a declared refusal whole, extensions included', async () => {
    const res = await app.inject({ method: 'GET', url: '/widgets/w1' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      status: 409,
      type: expect.stringMatching(/widget-busy$/),
      until: 'noon',
    });
  });

  it('lists a query parameter with a default as optional: the server fills it in', () => {
    const parameters = paths['/gadgets']!.get!.parameters!.map(({ name, required }) => ({ name, required }));
    expect(parameters).toEqual([
      { name: 'limit', required: false },
      { name: 'q', required: true },
    ]);
  });
});
